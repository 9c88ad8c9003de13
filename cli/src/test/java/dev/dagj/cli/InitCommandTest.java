package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger init}: the dagger.json it writes, the codegen request, and its errors. */
class InitCommandTest {
    @TempDir
    Path tmp;

    FakeModuleEngine engine = new FakeModuleEngine();
    ModuleFixtures.Launcher launcher = new ModuleFixtures.Launcher(engine);

    @Test
    void goModuleInAnEmptyDirectoryIsWrittenAndGenerated() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.createDirectories(app.resolve(".git"));
        engine.values.put("Directory.export", a -> a.get("path"));

        CliRun run = CliRun.of(launcher, "", Map.of(), app, "init", "--sdk=go", "--name=foo", "foo");

        assertThat(run.err()).isEqualTo("no LICENSE file found; generating one for you, feel free to change or "
                + "remove (license: Apache-2.0)\n");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("Initialized module foo in " + app.resolve("foo") + "\n");
        assertThat(Files.readString(app.resolve("foo/LICENSE"))).contains("Apache License")
                .contains("Version 2.0, January 2004");
        assertThat(Files.readString(app.resolve("foo/dagger.json"))).isEqualTo("""
                {
                  "name": "foo",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "go"
                  }
                }
                """);
        assertThat(engine.queries).containsExactly("{ moduleSource(refString: \"" + app.resolve("foo")
                + "\", disableFindUp: true) { generatedContextDirectory { export(path: \"" + app + "\") } } }");
    }

    @Test
    void nameDefaultsToTheDirectoryAndCodeGoesInDotDaggerWhenTheDirectoryHasFiles() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("my-repo"));
        Files.writeString(repo.resolve("README.md"), "hi");

        CliRun run = CliRun.of(launcher, "", Map.of(), repo, "init", "--sdk", "go");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Initialized module my-repo in " + repo + "\n");
        assertThat(Files.readString(repo.resolve("dagger.json"))).isEqualTo("""
                {
                  "name": "my-repo",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "go"
                  },
                  "source": ".dagger"
                }
                """);
    }

    @Test
    void withoutAnSdkNothingIsGenerated() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plain"));

        CliRun run = CliRun.of(launcher, "", Map.of(), dir, "init", "--include", "a/**,!b");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(dir.resolve("dagger.json"))).isEqualTo("""
                {
                  "name": "plain",
                  "engineVersion": "v0.19.11",
                  "include": [
                    "a/**",
                    "!b"
                  ]
                }
                """);
        assertThat(launcher.requests).isEmpty();
    }

    @Test
    void anExistingModuleIsNotOverwritten() throws Exception {
        Path dir = ModuleFixtures.goModule(tmp.resolve("m"), "m");

        CliRun run = CliRun.of(launcher, "", Map.of(), dir, "init", "--sdk=go");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: module already exists\n");
    }

    @Test
    void aSubdirectoryOfAnotherModuleGetsItsOwnModule() throws Exception {
        Path parent = ModuleFixtures.goModule(tmp.resolve("parent"), "parent");
        Files.createDirectories(parent.resolve("sub"));

        CliRun run = CliRun.of(launcher, "", Map.of(), parent.resolve("sub"), "init");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(parent.resolve("sub/dagger.json")).exists();
    }

    @Test
    void sdkErrors() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));

        assertThat(CliRun.of(launcher, "", Map.of(), dir, "init", "--sdk=go@main").err())
                .isEqualTo("Error: the go sdk does not currently support selecting a specific version\n");
        assertThat(CliRun.of(launcher, "", Map.of(), dir, "init", "--sdk=python@v1").err())
                .isEqualTo("Error: the python sdk does not currently support selecting a specific version\n");
        assertThat(dir.resolve("dagger.json")).doesNotExist();
        assertThat(launcher.requests).isEmpty();
    }

    @Test
    void whetherABuiltInSdkIsAvailableIsTheEnginesAnswer() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        engine.values.put("ModuleSource.generatedContextDirectory", a -> {
            throw new IllegalStateException("the python SDK is not available yet in this engine");
        });

        CliRun run = CliRun.of(launcher, "", Map.of(), dir, "init", "--sdk=python");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("the python SDK is not available yet in this engine");
        assertThat(dir.resolve("dagger.json")).doesNotExist();
    }

    @Test
    void anUnknownSdkIsWrittenAndFailsWhenLoaded() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));

        CliRun run = CliRun.of(launcher, "", Map.of(), dir, "init", "--sdk=foo-bar", "--source=.");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(dir.resolve("dagger.json"))).contains("\"source\": \"foo-bar\"");
        assertThat(launcher.requests).isEmpty();
    }

    @Test
    void aSourceOutsideTheModuleIsRefused() throws Exception {
        CliRun run = CliRun.of(launcher, "", Map.of(), tmp, "init", "--source=.", "--sdk=go", "app/mymodule");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: source subpath \"../..\" escapes source root\n");
        assertThat(tmp.resolve("app/mymodule/dagger.json")).doesNotExist();
    }

    @Test
    void aFailedCodegenLeavesNoConfigBehind() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        engine.values.put("Directory.export", a -> {
            throw new IllegalStateException("codegen failed");
        });

        CliRun run = CliRun.of(launcher, "", Map.of(), dir, "init", "--sdk=go");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("codegen failed");
        assertThat(dir.resolve("dagger.json")).doesNotExist();
    }

    @Test
    void anExistingLicenseUpToTheGitRootKeepsInitFromWritingOne() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve("COPYING"), "my own terms\n");
        Path mod = Files.createDirectories(repo.resolve("ci/mod"));

        CliRun run = CliRun.of(launcher, "", Map.of(), mod, "init", "--sdk=go");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(mod.resolve("LICENSE")).doesNotExist();
    }

    @Test
    void aLicenseAboveTheGitRootDoesNotCount() throws Exception {
        Files.writeString(tmp.resolve("LICENSE.md"), "outside the repository\n");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));

        CliRun run = CliRun.of(launcher, "", Map.of(), repo, "init", "--sdk=go", "mod");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(repo.resolve("mod/LICENSE"))).contains("Apache License");
    }

    @Test
    void anExplicitLicenseIsWrittenEvenWhenOneExists() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve("LICENSE"), "old\n");

        CliRun run = CliRun.of(launcher, "", Map.of(), repo, "init", "--sdk=go", "--license=mit", "-q");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(Files.readString(repo.resolve("LICENSE"))).startsWith("MIT License\n")
                .contains("Permission is hereby granted, free of charge");
    }

    @Test
    void anEmptyLicenseWritesNone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));

        CliRun run = CliRun.of(launcher, "", Map.of(), dir, "init", "--sdk=go", "--license=");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(dir.resolve("LICENSE")).doesNotExist();
    }

    @Test
    void withoutAnSdkNoLicenseIsWritten() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));

        CliRun run = CliRun.of(launcher, "", Map.of(), dir, "init", "--license=MIT");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(dir.resolve("LICENSE")).doesNotExist();
    }

    @Test
    void anUnknownLicenseIsNamedAndNothingIsWritten() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));

        CliRun run = CliRun.of(launcher, "", Map.of(), dir, "init", "--sdk=go", "--license=Foo-1.0");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: failed to get license \"Foo-1.0\": dagj has no text for this SPDX "
                + "license identifier (available: ").contains("Apache-2.0").contains("GPL-3.0-or-later");
        assertThat(dir.resolve("dagger.json")).doesNotExist();
        assertThat(dir.resolve("LICENSE")).doesNotExist();
        assertThat(launcher.requests).isEmpty();
    }
}
