package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.cli.DistLauncher.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go interfaces as module interface types, through the real launcher and real Go modules: module {@code shapes}
 * declares {@code Named} and functions taking and returning it; module {@code zoo} depends on {@code shapes} and on
 * {@code cat} (whose object has the interface's methods) and passes a cat through the generated
 * {@code AsShapesNamed()} conversion. The interface's functions run in {@code cat}'s runtime, called from
 * {@code shapes}' runtime through the engine; an object that lacks a method gets an error naming it.
 */
class ModuleInterfaceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(900);

    @TempDir
    Path tmp;

    @TempDir
    Path state;

    private Result dagger(Path cwd, String... args) throws Exception {
        return DistLauncher.dagger(cwd, state, "", TIMEOUT, args);
    }

    /** A Go module whose dependencies are its sibling directories {@code deps} (install name = directory). */
    private static Path module(Path dir, String name, String mainGo, String... deps) throws Exception {
        Map<String, String> dependencies = new LinkedHashMap<>();
        for (String dep : deps) {
            dependencies.put(dep, dep);
        }
        return ModuleFixtures.goSource(dir, name, mainGo, dependencies);
    }

    @Test
    void aDependencysObjectIsPassedAsAnotherDependencysInterface() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.createDirectories(app.resolve(".git"));
        module(app.resolve("zoo/shapes"), "shapes", """
                package main

                import (
                	"context"
                	"strconv"
                	"strings"

                	"dagger/shapes/internal/dagger"
                )

                type Shapes struct{}

                // Makes files; chainable
                type Maker interface {
                	DaggerObject
                	Make(ctx context.Context, name string, dir *dagger.Directory) (*dagger.Directory, error)
                	Louder(times int) Maker
                }

                // Has maker make a file in a directory of its own, louder
                func (m *Shapes) Build(ctx context.Context, maker Maker) (string, error) {
                	d, err := maker.Louder(2).Make(ctx, "a.txt", dag.Directory().WithNewFile("seed", "x"))
                	if err != nil {
                		return "", err
                	}
                	entries, err := d.Entries(ctx)
                	if err != nil {
                		return "", err
                	}
                	contents, err := d.File("a.txt").Contents(ctx)
                	return strings.Join(entries, ",") + ":" + contents, err
                }

                // Something with a name that can greet
                type Named interface {
                	DaggerObject
                	Name(ctx context.Context) (string, error)
                	Greet(ctx context.Context, greeting string) (string, error)
                }

                // Introduces who, calling its methods
                func (m *Shapes) Introduce(ctx context.Context, who Named) (string, error) {
                	n, err := who.Name(ctx)
                	if err != nil {
                		return "", err
                	}
                	g, err := who.Greet(ctx, "hello")
                	if err != nil {
                		return "", err
                	}
                	return "this is " + n + ", who says " + g, nil
                }

                // Greets each of who in turn, with its position
                func (m *Shapes) GreetAll(ctx context.Context, who []Named) (string, error) {
                	out := []string{}
                	for i, w := range who {
                		g, err := w.Greet(ctx, strconv.Itoa(i))
                		if err != nil {
                			return "", err
                		}
                		out = append(out, g)
                	}
                	return strings.Join(out, ","), nil
                }

                // Returns who, unchanged
                func (m *Shapes) Same(who Named) Named {
                	return who
                }

                // Keeps who in a kennel
                func (m *Shapes) Keep(who Named) *Kennel {
                	return &Kennel{Pet: who}
                }

                type Kennel struct {
                	Pet Named
                }

                // Calls the pet kept in the kennel's state
                func (k *Kennel) Call(ctx context.Context) (string, error) {
                	return k.Pet.Greet(ctx, "here")
                }
                """);
        module(app.resolve("zoo/cat"), "cat", """
                package main

                import (
                	"context"
                	"strings"

                	"dagger/cat/internal/dagger"
                )

                type Cat struct {
                	Sound string
                	Times int
                }

                func (c *Cat) Make(ctx context.Context, name string, dir *dagger.Directory) (*dagger.Directory, error) {
                	return dir.WithNewFile(name, strings.Repeat(c.Sound, max(c.Times, 1))), nil
                }

                func (c *Cat) Louder(times int) *Cat {
                	return &Cat{Sound: c.Sound, Times: times}
                }

                func New() *Cat {
                	return &Cat{Sound: "meow"}
                }

                func (c *Cat) Name(ctx context.Context) (string, error) {
                	return "cat", nil
                }

                func (c *Cat) Greet(ctx context.Context, greeting string) (string, error) {
                	return greeting + " " + c.Sound, nil
                }
                """);
        module(app.resolve("zoo/rock"), "rock", """
                package main

                import "context"

                type Rock struct{}

                func (r *Rock) Name(ctx context.Context) (string, error) {
                	return "rock", nil
                }
                """);
        Path zoo = module(app.resolve("zoo"), "zoo", """
                package main

                import (
                	"context"

                	"dagger/zoo/internal/dagger"
                )

                type Zoo struct{}

                // Passes the cat to shapes as a ShapesNamed
                func (m *Zoo) Intro(ctx context.Context) (string, error) {
                	return dag.Shapes().Introduce(ctx, dag.Cat().AsShapesNamed())
                }

                // Gets the cat back from shapes as a ShapesNamed and calls it
                func (m *Zoo) Roundtrip(ctx context.Context) (string, error) {
                	return dag.Shapes().Same(dag.Cat().AsShapesNamed()).Greet(ctx, "hey")
                }

                // Keeps the cat in a shapes object's field, then calls it from there
                func (m *Zoo) Kennel(ctx context.Context) (string, error) {
                	return dag.Shapes().Keep(dag.Cat().AsShapesNamed()).Call(ctx)
                }

                // Has shapes build with the cat as a ShapesMaker
                func (m *Zoo) Build(ctx context.Context) (string, error) {
                	return dag.Shapes().Build(ctx, dag.Cat().AsShapesMaker())
                }

                // Passes two cats to shapes as a list of ShapesNamed
                func (m *Zoo) Choir(ctx context.Context) (string, error) {
                	return dag.Shapes().GreetAll(ctx, []*dagger.ShapesNamed{dag.Cat().AsShapesNamed(),
                		dag.Cat().Louder(3).AsShapesNamed()})
                }

                // A rock cannot greet
                func (m *Zoo) Rock(ctx context.Context) (string, error) {
                	return dag.Shapes().Introduce(ctx, dag.Rock().AsShapesNamed())
                }
                """, "cat", "rock", "shapes");

        Result intro = dagger(zoo, "call", "intro");
        assertThat(intro.exit()).as(intro.err()).isZero();
        assertThat(intro.out()).isEqualTo("this is cat, who says hello meow\n");

        Result roundtrip = dagger(zoo, "call", "roundtrip");
        assertThat(roundtrip.exit()).as(roundtrip.err()).isZero();
        assertThat(roundtrip.out()).isEqualTo("hey meow\n");

        Result kennel = dagger(zoo, "call", "kennel");
        assertThat(kennel.exit()).as(kennel.err()).isZero();
        assertThat(kennel.out()).isEqualTo("here meow\n");

        // an interface method taking and returning core objects, after a chainable one returning the interface
        Result build = dagger(zoo, "call", "build");
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(build.out()).isEqualTo("a.txt,seed:meowmeow\n");

        // a list of interface values as an argument
        Result choir = dagger(zoo, "call", "choir");
        assertThat(choir.exit()).as(choir.err()).isZero();
        assertThat(choir.out()).isEqualTo("0 meow,1 meow\n");

        Result rock = dagger(zoo, "call", "rock");
        assertThat(rock.exit()).isEqualTo(1);
        assertThat(rock.err()).contains("Rock does not implement interface ShapesNamed: "
                + "Rock has no function greet(greeting: String!): String!");

        // the generated client converts a dependency's object to another dependency's interface, as Dagger's does
        Result develop = dagger(zoo, "develop");
        assertThat(develop.exit()).as(develop.err()).isZero();
        String client = Files.readString(zoo.resolve("internal/dagger/dagger.gen.go"));
        assertThat(client).contains("func (r *Cat) AsShapesNamed() *ShapesNamed", "type ShapesNamed struct",
                "func (r *Shapes) Introduce(ctx context.Context, who *ShapesNamed) (string, error)");

        // a module returns a dependency's object as its own interface type (Dagger's iface-call pattern); the
        // CLI chains a call of the interface's function on the result
        module(app.resolve("pond/mallard"), "mallard", """
                package main

                type Mallard struct{}

                func (m *Mallard) Quack() string {
                	return "mallard quack"
                }
                """);
        Path pond = module(app.resolve("pond"), "pond", """
                package main

                import "context"

                type Pond struct{}

                type Duck interface {
                	DaggerObject
                	Quack(ctx context.Context) (string, error)
                }

                // A duck of the pond
                func (m *Pond) GetDuck() Duck {
                	return dag.Mallard()
                }
                """, "mallard");
        Result quack = dagger(pond, "call", "get-duck", "quack");
        assertThat(quack.exit()).as(quack.err()).isZero();
        assertThat(quack.out()).isEqualTo("mallard quack\n");

        // as for objects, a module's API may not expose a dependency's interface type
        Path leak = module(app.resolve("zoo/leak"), "leak", """
                package main

                import (
                	"context"

                	"dagger/leak/internal/dagger"
                )

                type Leak struct{}

                // Takes the dependency's interface
                func (m *Leak) Use(ctx context.Context, who *dagger.ShapesNamed) (string, error) {
                	return who.Name(ctx)
                }
                """);
        Files.writeString(leak.resolve("dagger.json"), Files.readString(leak.resolve("dagger.json")).replace(
                "\n}", ",\n  \"dependencies\": [\n    {\n      \"name\": \"shapes\",\n      \"source\": \"../shapes\"\n    }\n  ]\n}"));
        Result leaked = dagger(leak, "functions");
        assertThat(leaked.exit()).isEqualTo(1);
        assertThat(leaked.err()).contains("object \"Leak\" function \"Use\" arg \"who\" cannot reference external type "
                + "from dependency module \"shapes\"");

        // the declaring module loads on its own; as in Dagger, the CLI cannot set an interface-typed argument, so
        // `functions` lists those functions as skipped
        Result functions = dagger(zoo.resolve("shapes"), "functions");
        assertThat(functions.exit()).as(functions.err()).isZero();
        assertThat(functions.err()).contains("Skipped 5 function(s) with unsupported types: build, greet-all, introduce, keep, same");
    }
}
