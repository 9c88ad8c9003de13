package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dagj.cli.DistLauncher.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example Go module {@code daggerverse-examples/showcase} through the real launcher, from a copy in a temporary
 * directory (so generated files stay out of the checkout). Skipped until the engine serves modules; the container
 * functions also need an image to pull.
 *
 * <p>The tests share one engine state directory, so the module is generated and built once for the class (the source
 * digest does not depend on where the copy lives); each test still gets its own copy of the module, so files one test
 * writes into it do not change the source another test loads. None of these tests is about a cold engine: those
 * belong in a class of their own.
 */
class ShowcaseExampleIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(600);

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    Path module;

    @BeforeAll
    static void engineServesModules() throws Exception {
        assumeTrue(EngineFeatures.hasType(state(), "ModuleSource"),
                "the engine does not serve modules yet (no ModuleSource type)");
    }

    @BeforeEach
    void copyExample() throws Exception {
        Path source = Path.of(System.getProperty("dagj.repo.root"), "daggerverse-examples", "showcase");
        module = tmp.resolve("showcase");
        ModuleFixtures.copyTree(source, module);
    }

    private static Path state() {
        return shared.resolve("state");
    }

    private Result dagger(String... args) throws Exception {
        return DistLauncher.dagger(module, state(), "", TIMEOUT, args);
    }

    @Test
    void queryServesTheModuleInTheSchema() throws Exception {
        Result here = DistLauncher.dagger(module, state(), "{ showcase { greet(name: \"q\") } }",
                TIMEOUT, "query");
        assertThat(here.exit()).as(here.err()).isZero();
        assertThat(here.out()).contains("\"greet\": \"Hello, q!\"");
        Result elsewhere = DistLauncher.dagger(tmp, state(),
                "{ showcase { greeter(name: \"ada\") { message } } }", TIMEOUT, "query", "-m", module.toString());
        assertThat(elsewhere.exit()).as(elsewhere.err()).isZero();
        assertThat(elsewhere.out()).contains("\"message\": \"Hello, ada.\"");
        Result core = DistLauncher.dagger(module, state(), "{ showcase { greet } }", TIMEOUT, "query",
                "-M");
        assertThat(core.exit()).isEqualTo(1);
        assertThat(core.err()).contains("showcase");
    }

    @Test
    void functionsListsEveryFunctionWithItsFirstDocLine() throws Exception {
        Result r = dagger("functions");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                Name         Description
                base         A container with a greeting file, ready for further chaining
                greet        Greet someone
                greeter      A greeter object, to chain calls on
                line-count   Count the lines of every file in a directory, inside a container
                release      Check that a version string looks like a semantic version, and fail clearly when it does not
                shout        Upper-case every file of a directory
                visits       Record a visit in a cache volume and return how many were recorded so far
                """);
    }

    @Test
    void stringsWithDefaults() throws Exception {
        assertThat(dagger("call", "greet").out()).isEqualTo("Hello, world!\n");
        assertThat(dagger("call", "greet", "--name=dagj", "--greeting", "Hi").out()).isEqualTo("Hi, dagj!\n");
    }

    @Test
    void anObjectReturnedAndChained() throws Exception {
        assertThat(dagger("call", "greeter", "--name", "ada", "message").out()).isEqualTo("Hello, ada.\n");
        assertThat(dagger("call", "greeter", "--name", "ada", "loud", "message").out()).isEqualTo("Hello, ADA!\n");
        assertThat(dagger("call", "greeter", "--name", "ada").out()).matches("Greeter@xxh3:[0-9a-f]{16}\n");
        assertThat(dagger("call", "greeter", "--name", "ada", "--json").out()).isEqualTo("""
                {
                    "name": "ada",
                    "punctuation": "."
                }
                """);
        Result missing = dagger("call", "greeter", "message");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error: required flag(s) \"name\" not set\n");
    }

    @Test
    void aDirectoryTransformReadsItsDefaultPathAndExports() throws Exception {
        Result entries = dagger("call", "shout", "entries");
        Result export = dagger("call", "shout", "-o", "out");

        assertThat(entries.exit()).as(entries.err()).isZero();
        assertThat(entries.out()).isEqualTo("greeting.txt\nnotes.md\n");
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.err()).contains("Saved to \"" + module.resolve("out") + "\".");
        assertThat(Files.readString(module.resolve("out/greeting.txt"))).isEqualTo("HELLO FROM THE SHOWCASE\n");
        Files.createDirectories(module.resolve("other"));
        Files.writeString(module.resolve("other/x.txt"), "x");
        assertThat(dagger("call", "shout", "--source", "other", "file", "--path", "x.txt", "contents").out())
                .isEqualTo("X\n");
    }

    @Test
    void aFailingFunctionSaysWhy() throws Exception {
        Result r = dagger("call", "release", "--version", "1.0");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("cannot release \"1.0\": the version must look like v1.2.3");
        assertThat(dagger("call", "release", "--version", "v1.0.0").out()).isEqualTo("released v1.0.0\n");
    }

    @Test
    void containerPipelineAndCacheVolume() throws Exception {
        assumeTrue(EngineFeatures.canPull(state(), "alpine:3.20"), "cannot pull alpine:3.20 here");

        Result base = dagger("call", "base", "file", "--path=/greeting.txt", "contents");
        Result lines = dagger("call", "line-count");
        Result ctr = dagger("call", "base");
        Result first = dagger("call", "visits", "--tag", "a" + System.nanoTime());
        Result second = dagger("call", "visits", "--tag", "b" + System.nanoTime());

        assertThat(base.out()).as(base.err()).isEqualTo("Hello, container!\n");
        assertThat(lines.out()).as(lines.err()).contains("greeting.txt").contains("notes.md");
        assertThat(ctr.out()).as(ctr.err()).matches("Container@xxh3:[0-9a-f]{16}\n");
        assertThat(Integer.parseInt(second.out().strip())).as(first.err() + second.err())
                .isEqualTo(Integer.parseInt(first.out().strip()) + 1);
    }

}
