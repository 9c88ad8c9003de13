package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger functions}: the table, nested listings and the errors, against a stand-in served module. */
class FunctionsCommandTest {
    @TempDir
    Path tmp;

    Path module;
    FakeModuleEngine engine = new FakeModuleEngine();
    ModuleFixtures.Launcher launcher = new ModuleFixtures.Launcher(engine);

    @BeforeEach
    void module() throws Exception {
        module = ModuleFixtures.goModule(tmp.resolve("test"), "test");
    }

    @Test
    void listsTheMainObjectSortedInKebabCaseWithTheFirstDocLine() {
        CliRun run = CliRun.of(launcher, "", Map.of(), module, "functions");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                Name          Description
                cache        \s
                ctr          \s
                dir          \s
                file         \s
                fn-a          doc for FnA
                fn-b          doc for FnB
                fn-c         \s
                foos         \s
                nothing      \s
                prim         \s
                secret-text  \s
                """);
        assertThat(run.err()).isEqualTo("Skipped 1 function(s) with unsupported types: uses-sub\n");
    }

    @Test
    void listsTheMembersOfWhatAChainReturns() {
        CliRun run = CliRun.of(launcher, "", Map.of(), module, "functions", "fn-c");

        assertThat(run.out()).isEqualTo("""
                Name      Description
                field-d   a field
                fn-e     \s
                """);
    }

    @Test
    void aScalarHasNoFurtherFunctions() {
        CliRun run = CliRun.of(launcher, "", Map.of(), module, "functions", "prim");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(
                "Error: function \"prim\" returns type \"STRING_KIND\" with no further functions available\n");
        CliRun nested = CliRun.of(launcher, "", Map.of(), module, "functions", "fn-c", "field-d");
        assertThat(nested.err()).isEqualTo(
                "Error: function \"fieldD\" returns type \"STRING_KIND\" with no further functions available\n");
    }

    @Test
    void withoutAModuleItIsModuleNotFound() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        CliRun run = CliRun.of(launcher, "", Map.of(), empty, "functions");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: module not found\n");
        assertThat(launcher.requests).isEmpty();
    }

    @Test
    void aBrokenConfigFailsBeforeTheEngineStarts() throws Exception {
        Files.writeString(module.resolve("dagger.json"), "{\"sdk\":666,\"engineVersion\":\"v100.0.0\"}");

        CliRun run = CliRun.of(launcher, "", Map.of(), module, "functions");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: failed to check if module exists");
        assertThat(launcher.requests).isEmpty();
    }
}
