package dev.dagj.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.resolver.config.DependencyConfig;
import dev.dagj.resolver.config.EngineVersion;
import dev.dagj.resolver.config.ModuleConfigReader;
import dev.dagj.resolver.git.GitCache;
import dev.dagj.resolver.git.GitSourceResolver;
import dev.dagj.resolver.git.LsRemoteProbe;
import dev.dagj.resolver.ref.ModuleRefParser;
import dev.dagj.resolver.ref.RefKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleResolverTest {
    @TempDir
    Path tmp;

    ModuleResolver resolverAt(Path workingDir) {
        return new ModuleResolver(workingDir, new ModuleConfigReader(new EngineVersion("v0.19.11")),
                new ModuleRefParser(new LsRemoteProbe(5)),
                new GitSourceResolver(new GitCache(tmp.resolve("cache"), 10), 10));
    }

    static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void walksUpToSourceRootAndGitContext() throws Exception {
        Path app = tmp.resolve("app");
        Files.createDirectories(app.resolve(".git"));
        write(app.resolve("test/dagger.json"), GitFixtures.goModule("test"));
        Files.createDirectories(app.resolve("test/sub/deep"));
        for (String ref : new String[] {"", ".", "..", app.resolve("test/sub").toString()}) {
            ModuleSource src = resolverAt(app.resolve("test/sub/deep")).load(ref, "", LoadOptions.DEFAULT);
            assertThat(src.contextDir()).isEqualTo(app);
            assertThat(src.sourceRootSubpath()).isEqualTo("test");
            assertThat(src.moduleName()).isEqualTo("test");
            assertThat(src.symbolic()).isEqualTo("test");
            assertThat(src.asString()).isEqualTo(app.resolve("test").toString());
        }
    }

    @Test
    void withoutGitTheContextIsTheSourceRoot() throws Exception {
        write(tmp.resolve("m/dagger.json"), GitFixtures.goModule("m"));
        ModuleSource src = resolverAt(tmp.resolve("m")).load("", "", LoadOptions.DEFAULT);
        assertThat(src.contextDir()).isEqualTo(tmp.resolve("m"));
        assertThat(src.sourceRootSubpath()).isEqualTo(".");
    }

    @Test
    void initDoesNotWalkUpAndToleratesMissingPaths() throws Exception {
        write(tmp.resolve("app/dagger.json"), GitFixtures.goModule("app"));
        ModuleSource src = resolverAt(tmp.resolve("app")).load("newmod", "", LoadOptions.INIT);
        assertThat(src.configExists()).isFalse();
        assertThat(src.sourceRootDir()).isEqualTo(tmp.resolve("app/newmod"));
        assertThatThrownBy(() -> resolverAt(tmp).load("missing", "", LoadOptions.DEFAULT))
                .hasMessage("local path \"missing\" does not exist");
    }

    @Test
    void sourceSubpathMustStayInTheSourceRoot() throws Exception {
        Files.createDirectories(tmp.resolve(".git"));
        ModuleSource src = resolverAt(tmp).load("app/mymodule", "", LoadOptions.INIT);
        assertThat(src.sourceSubpathFor("src")).isEqualTo("src");
        assertThatThrownBy(() -> src.sourceSubpathFor("../.."))
                .hasMessageContaining("source subpath \"../..\" escapes source root")
                .hasMessage("local module source subpath \"../..\" escapes source root \"app/mymodule\"");
    }

    @Test
    void dependencyNameWorksAsModuleRef() throws Exception {
        Path app = tmp.resolve("app");
        write(app.resolve("dagger.json"), "{\"name\":\"test\",\"sdk\":\"go\",\"dependencies\":"
                + "[{\"name\":\"foo\",\"source\":\"subdir/dep\"}]}");
        write(app.resolve("subdir/dep/dagger.json"), GitFixtures.goModule("dep"));
        ModuleSource dep = resolverAt(app).load("foo", "", LoadOptions.DEFAULT);
        assertThat(dep.sourceRootDir()).isEqualTo(app.resolve("subdir/dep"));
        assertThat(dep.moduleName()).isEqualTo("dep");
        ResolvedDependency named = resolverAt(app).loadDependencies(
                resolverAt(app).load("", "", LoadOptions.DEFAULT)).get(0);
        assertThat(named.name()).isEqualTo("foo");
    }

    @Test
    void localDependencyPathRules() throws Exception {
        Path work = tmp.resolve("work");
        Files.createDirectories(work.resolve(".git"));
        write(work.resolve("dagger.json"), GitFixtures.goModule("evil"));
        ModuleResolver resolver = resolverAt(work);
        ModuleSource parent = resolver.load("", "", LoadOptions.DEFAULT);
        assertThatThrownBy(() -> resolver.loadDependency(parent, DependencyConfig.of("escape", "..", "")))
                .hasMessage("local module dep source path \"..\" escapes context \"" + work + "\"");
        assertThatThrownBy(() -> resolver.loadDependency(parent, DependencyConfig.of("escape", "../tmp/foo", "")))
                .hasMessage("local module dep source path \"../tmp/foo\" escapes context \"" + work + "\"");
        assertThatThrownBy(() -> resolver.loadDependency(parent, DependencyConfig.of("escape", "/tmp/foo", "")))
                .hasMessage("local module dep source path \"/tmp/foo\" is absolute");
        assertThatThrownBy(() -> resolver.loadDependency(parent, DependencyConfig.of("escape", "/./dep", "")))
                .hasMessage("local module dep source path \"/./dep\" is absolute");
    }

    @Test
    void gitModulesWalkUpInsideTheRepoAndFailClearly() throws Exception {
        GitFixtures fixtures = new GitFixtures(tmp.resolve("repos"));
        try (Git mono = fixtures.create("mono.git")) {
            GitFixtures.commit(mono, "c", Map.of(
                    "top/dagger.json", "{\"name\":\"top\",\"sdk\":\"go\",\"dependencies\":[{\"name\":\"dep\","
                            + "\"source\":\"../dep\"}]}",
                    "top/inner/x.go", "package x\n",
                    "dep/dagger.json", GitFixtures.goModule("dep"),
                    "empty/README", "nothing here\n"));
        }
        ModuleResolver resolver = resolverAt(tmp);
        String url = fixtures.fileUrl("mono.git");
        GitModuleSource top = (GitModuleSource) resolver.load(url + "/top/inner", "", LoadOptions.DEFAULT);
        assertThat(top.sourceRootSubpath()).isEqualTo("top");
        assertThat(top.asString()).isEqualTo(url + "/top@main");
        assertThat(top.symbolic()).isEqualTo(url + "/top");
        ResolvedDependency dep = resolver.loadDependencies(top).get(0);
        assertThat(dep.source().kind()).isEqualTo(RefKind.GIT);
        assertThat(dep.source().pin()).isEqualTo(top.pin());
        assertThat(dep.source().asString()).isEqualTo(url + "/dep@main");

        assertThatThrownBy(() -> resolver.load(url + "/nope", "", LoadOptions.DEFAULT))
                .hasMessage("path \"nope\" does not exist in git repo");
        assertThatThrownBy(() -> resolver.load(url + "/empty", "", LoadOptions.DEFAULT))
                .hasMessage("git module source \"" + url + "/empty@main\" does not contain a dagger config file");
        assertThatThrownBy(() -> resolver.load(url + "/../..", "", LoadOptions.DEFAULT))
                .hasMessage("git module source subpath points out of root: \"../..\"");
        assertThatThrownBy(() -> resolver.load(url + "/top", "", LoadOptions.INIT))
                .hasMessage("module source \"" + url + "/top\" kind must be \"local\", got \"git\"");
    }
}
