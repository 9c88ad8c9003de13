package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger develop}: config upgrade, SDK rules, codegen request. */
class DevelopCommandTest {
    @TempDir
    Path tmp;

    FakeModuleEngine engine = new FakeModuleEngine();
    ModuleFixtures.Launcher launcher = new ModuleFixtures.Launcher(engine);

    @Test
    void upgradesALegacyConfigAndRegenerates() throws Exception {
        Path test = Files.createDirectories(tmp.resolve("test"));
        ModuleFixtures.goModule(test.resolve("foo"), "dep");
        Files.writeString(test.resolve("dagger.json"), "{\"name\":\"test\",\"sdk\":\"go\",\"include\":[\"foo\"],"
                + "\"exclude\":[\"blah\",\"!bar\"],\"dependencies\":[\"foo\"]}");
        String expected = """
                {
                  "name": "test",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "go"
                  },
                  "include": [
                    "foo",
                    "!blah",
                    "bar"
                  ],
                  "dependencies": [
                    {
                      "name": "dep",
                      "source": "foo"
                    }
                  ]
                }
                """;

        CliRun first = CliRun.of(launcher, "", Map.of(), test, "develop");
        String afterFirst = Files.readString(test.resolve("dagger.json"));
        CliRun second = CliRun.of(launcher, "", Map.of(), test, "develop");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(afterFirst).isEqualTo(expected);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(Files.readString(test.resolve("dagger.json"))).isEqualTo(expected);
        assertThat(engine.queries).hasSize(2).allMatch(q -> q.equals("{ moduleSource(refString: \"" + test
                + "\", disableFindUp: true) { generatedContextDirectory { export(path: \"" + test + "\") } } }"));
    }

    @Test
    void anSdkAlreadySetCannotChange() throws Exception {
        Path test = ModuleFixtures.goModule(tmp.resolve("test"), "test");

        CliRun run = CliRun.of(launcher, "", Map.of(), test, "develop", "--sdk", "python");
        CliRun other = CliRun.of(launcher, "", Map.of(), test, "develop", "--sdk", "./my-sdk");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(other.err()).isEqualTo("Error: cannot update module SDK that has already been set to \"go\"\n");
    }

    @Test
    void addsAnSdkToAModuleWithout() throws Exception {
        Path test = Files.createDirectories(tmp.resolve("test"));
        Files.writeString(test.resolve("dagger.json"), "{\"name\":\"test\",\"engineVersion\":\"v0.18.0\"}");

        CliRun run = CliRun.of(launcher, "", Map.of(), test, "develop", "--sdk=go");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(test.resolve("dagger.json"))).isEqualTo("""
                {
                  "name": "test",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "go"
                  }
                }
                """);
        assertThat(engine.queries).hasSize(1);
    }

    @Test
    void withoutAModuleItIsModuleNotFound() {
        CliRun run = CliRun.of(launcher, "", Map.of(), tmp, "develop");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: module not found\n");
    }
}
