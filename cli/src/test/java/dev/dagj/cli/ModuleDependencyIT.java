package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.cli.DistLauncher.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Module dependencies through the real launcher, with real Go modules: {@code dagger install} of local modules, a
 * function calling its dependencies through the generated {@code dag.<Dep>()} bindings (each dependency running in
 * its own runtime), dependency types namespaced by install name, {@code call -m <dependency name>}, and the
 * circular-dependency and external-type errors. The engine state (Go build cache) is shared by the tests of the class.
 */
class ModuleDependencyIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(900);

    @TempDir
    static Path state;

    @TempDir
    Path tmp;

    private static Result dagger(Path cwd, String... args) throws Exception {
        return DistLauncher.dagger(cwd, state, "", TIMEOUT, args);
    }

    private static Path module(Path dir, String name, String mainGo) throws Exception {
        return ModuleFixtures.goSource(dir, name, mainGo, Map.of());
    }

    /** A dependency module called {@code dep} whose functions say {@code who}, with a {@code note.txt}. */
    private static Path dep(Path dir, String who) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("note.txt"), "note of " + who);
        return module(dir, "dep", """
                package main

                import (
                	"context"

                	"dagger/dep/internal/dagger"
                )

                type Dep struct{}

                // Says hi
                func (m *Dep) Hi() string {
                	return "hi from %1$s"
                }

                // Makes an object
                func (m *Dep) Make(s string) *Obj {
                	return &Obj{Value: "%1$s made " + s}
                }

                // Returns the file it was given, renamed
                func (m *Dep) Rename(f *dagger.File, name string) *dagger.File {
                	return f.WithName(name)
                }

                // Reads the note beside the module, by default
                func (m *Dep) Note(
                	ctx context.Context,
                	// +defaultPath="note.txt"
                	f *dagger.File,
                ) (string, error) {
                	return f.Contents(ctx)
                }

                type Obj struct {
                	Value string
                }
                """.formatted(who));
    }

    @Test
    void twoDependenciesWithTheSameNameInstalledUnderTwoNamesAreCalledFromTheModule() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.createDirectories(app.resolve(".git"));
        dep(app.resolve("test/dep1"), "dep1");
        dep(app.resolve("test/dep2"), "dep2");
        Path test = module(app.resolve("test"), "test", """
                package main

                import (
                	"context"
                	"sort"

                	"dagger/test/internal/dagger"
                )

                type Test struct{}

                // Calls both dependencies
                func (m *Test) Fn(ctx context.Context) (string, error) {
                	a, err := dag.Foo().Hi(ctx)
                	if err != nil {
                		return "", err
                	}
                	b, err := dag.Bar().Hi(ctx)
                	return a + " " + b, err
                }

                // Uses the dependencies' objects, namespaced by install name
                func (m *Test) Objs(ctx context.Context, s string) ([]string, error) {
                	var foo *dagger.FooObj = dag.Foo().Make(s)
                	var bar *dagger.BarObj = dag.Bar().Make(s)
                	a, err := foo.Value(ctx)
                	if err != nil {
                		return nil, err
                	}
                	b, err := bar.Value(ctx)
                	return []string{a, b}, err
                }

                // Reads the dependency's defaultPath file from inside this function
                func (m *Test) Note(ctx context.Context) (string, error) {
                	return dag.Foo().Note(ctx)
                }

                // Names the dependencies' types as currentModule.dependencies gives them
                func (m *Test) DepTypes(ctx context.Context) ([]string, error) {
                	deps, err := dag.CurrentModule().Dependencies(ctx)
                	if err != nil {
                		return nil, err
                	}
                	var out []string
                	for _, d := range deps {
                		objs, err := d.Objects(ctx)
                		if err != nil {
                			return nil, err
                		}
                		for _, o := range objs {
                			n, err := o.AsObject().Name(ctx)
                			if err != nil {
                				return nil, err
                			}
                			out = append(out, n)
                		}
                	}
                	sort.Strings(out)
                	return out, nil
                }

                // Passes a core object through a dependency and back
                func (m *Test) Renamed(ctx context.Context) (string, error) {
                	f := dag.Directory().WithNewFile("a.txt", "content").File("a.txt")
                	return dag.Foo().Rename(f, "b.txt").Name(ctx)
                }
                """);

        Result foo = dagger(test, "install", "--name", "foo", "./dep1");
        Result bar = dagger(test, "install", "-n", "bar", "./dep2");
        assertThat(foo.exit()).as(foo.err()).isZero();
        assertThat(bar.exit()).as(bar.err()).isZero();
        assertThat(Files.readString(test.resolve("dagger.json"))).contains("""
                  "dependencies": [
                    {
                      "name": "bar",
                      "source": "dep2"
                    },
                    {
                      "name": "foo",
                      "source": "dep1"
                    }
                  ]
                """);

        Result fn = dagger(test, "call", "fn");
        assertThat(fn.exit()).as(fn.err()).isZero();
        assertThat(fn.out()).isEqualTo("hi from dep1 hi from dep2\n");

        Result fromElsewhere = dagger(tmp, "call", "-m", test.toString(), "objs", "--s", "yo");
        assertThat(fromElsewhere.exit()).as(fromElsewhere.err()).isZero();
        assertThat(fromElsewhere.out()).isEqualTo("dep1 made yo\ndep2 made yo\n");

        Result renamed = dagger(test, "call", "renamed");
        assertThat(renamed.exit()).as(renamed.err()).isZero();
        assertThat(renamed.out()).isEqualTo("b.txt\n");

        // a dependency's defaultPath, called from inside the parent's function (a nested session without host):
        // read from the dependency's own context directory
        Result note = dagger(test, "call", "note");
        assertThat(note.exit()).as(note.err()).isZero();
        assertThat(note.out()).isEqualTo("note of dep1\n");

        // currentModule.dependencies: each dependency's objects under their namespaced names
        Result depTypes = dagger(test, "call", "dep-types");
        assertThat(depTypes.exit()).as(depTypes.err()).isZero();
        assertThat(depTypes.out()).isEqualTo("Bar\nBarObj\nFoo\nFooObj\n");

        // a module with no SDK: no functions of its own, its dependencies callable by install name. The checks of
        // Dagger's own CLISuite.TestModuleWithoutSDK (functions shows only the header, a bare call exits 0) are here.
        Path nosdk = Files.createDirectories(app.resolve("nosdk"));
        Files.writeString(nosdk.resolve("dagger.json"), "{\"name\":\"nosdk\",\"engineVersion\":\"v0.19.11\"}\n");
        Result installNoSdk = dagger(nosdk, "install", "--name", "foo", "../test/dep1");
        assertThat(installNoSdk.exit()).as(installNoSdk.err()).isZero();
        assertThat(Files.readString(nosdk.resolve("dagger.json"))).doesNotContain("\"sdk\"");
        Result functions = dagger(nosdk, "functions");
        assertThat(functions.exit()).as(functions.err()).isZero();
        assertThat(functions.out()).isEqualTo("Name   Description\n");
        Result bare = dagger(nosdk, "call");
        assertThat(bare.exit()).as(bare.err()).isZero();
        Result viaNoSdk = dagger(nosdk, "call", "foo", "hi");
        assertThat(viaNoSdk.exit()).as(viaNoSdk.err()).isZero();
        assertThat(viaNoSdk.out()).isEqualTo("hi from dep1\n");
        Result depFunctions = dagger(nosdk, "functions", "foo");
        assertThat(depFunctions.exit()).as(depFunctions.err()).isZero();
        assertThat(depFunctions.out()).contains("hi ", "note ", "make ");
        Result noteFromHost = dagger(tmp, "call", "-m", nosdk.toString(), "foo", "note");
        assertThat(noteFromHost.exit()).as(noteFromHost.err()).isZero();
        assertThat(noteFromHost.out()).isEqualTo("note of dep1\n");
        Result unknown = dagger(nosdk, "call", "bar", "hi");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown command \"bar\" for \"dagger call\"");

        // -m <dependency name>: the dependency itself, found in the dagger.json of the working directory
        Result direct = dagger(test, "call", "-m", "bar", "hi");
        assertThat(direct.exit()).as(direct.err()).isZero();
        assertThat(direct.out()).isEqualTo("hi from dep2\n");

        // the generated client has the dependencies' bindings under their install names
        String client = Files.readString(test.resolve("internal/dagger/dagger.gen.go"));
        assertThat(client).contains("func (r *Client) Foo() *Foo", "func (r *Foo) Make(s string) *FooObj",
                "func (r *Client) Bar() *Bar", "type BarObj struct");
    }

    /** Writes {@code files} into the work tree of {@code git} and commits them. */
    private static RevCommit commit(Git git, Map<String, String> files) throws Exception {
        Path root = git.getRepository().getWorkTree().toPath();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        git.add().addFilepattern(".").call();
        return git.commit().setMessage("update").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                .setSign(false).call();
    }

    private static Map<String, String> gitDep(String says) {
        return Map.of("dep/dagger.json", "{\"name\":\"dep\",\"engineVersion\":\"v0.19.11\",\"sdk\":{\"source\":\"go\"}}\n",
                "dep/go.mod", "module dagger/dep\n\ngo 1.21\n",
                "dep/main.go", "package main\n\ntype Dep struct{}\n\n// Says hi\nfunc (m *Dep) Hi() string {\n\treturn \""
                        + says + "\"\n}\n");
    }

    @Test
    void aGitDependencyIsPinnedAndRunsThePinnedCode() throws Exception {
        Path repo = tmp.resolve("repos/deps.git");
        String pinned;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            pinned = commit(git, gitDep("hi from git v1")).getName();
        }
        String url = "file://" + repo;
        Path app = Files.createDirectories(tmp.resolve("gitapp"));
        Files.createDirectories(app.resolve(".git"));
        Path test = module(app.resolve("test"), "test", """
                package main

                import "context"

                type Test struct{}

                // Calls the git dependency
                func (m *Test) Fn(ctx context.Context) (string, error) {
                	return dag.Dep().Hi(ctx)
                }
                """);

        Result install = dagger(test, "install", url + "/dep");
        assertThat(install.exit()).as(install.err()).isZero();
        assertThat(Files.readString(test.resolve("dagger.json"))).contains(
                "\"source\": \"" + url + "/dep@main\"", "\"pin\": \"" + pinned + "\"");
        try (Git git = Git.open(repo.toFile())) {
            commit(git, gitDep("hi from git v2"));
        }

        Result fn = dagger(test, "call", "fn");
        assertThat(fn.exit()).as(fn.err()).isZero();
        assertThat(fn.out()).isEqualTo("hi from git v1\n");
    }

    @Test
    void aCycleOfDependenciesIsReported() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("cycle"));
        Files.createDirectories(app.resolve(".git"));
        cyclic(app.resolve("depA"), "depA", "../depC");
        cyclic(app.resolve("depB"), "depB", "../depA");
        cyclic(app.resolve("depC"), "depC", "../depB");

        for (String command : new String[] {"functions", "call"}) {
            Result r = dagger(app.resolve("depA"), command);
            assertThat(r.exit()).as(command).isEqualTo(1);
            assertThat(r.err()).as(command)
                    .contains("module \"depA\" has a circular dependency on itself through dependency \"depC\"");
        }
    }

    private static void cyclic(Path dir, String name, String dependency) throws Exception {
        ModuleFixtures.goModule(dir, name, Map.of(dependency.substring(3), dependency));
    }

    @Test
    void aFunctionCannotReturnADependencyType() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("ext"));
        Files.createDirectories(app.resolve(".git"));
        dep(app.resolve("leak/dep"), "dep");
        Path leak = module(app.resolve("leak"), "leak", """
                package main

                import "dagger/leak/internal/dagger"

                type Leak struct{}

                // Returns the dependency's object
                func (m *Leak) Obj() *dagger.DepObj {
                	return dag.Dep().Make("x")
                }
                """);
        Result install = dagger(leak, "install", "./dep");
        assertThat(install.exit()).as(install.err()).isZero();

        Result r = dagger(leak, "call", "obj");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(
                "object \"Leak\" function \"Obj\" cannot return external type from dependency module \"dep\"");
    }
}
