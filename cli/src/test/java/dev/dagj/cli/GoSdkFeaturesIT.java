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
 * Go SDK features beyond the showcase, end to end through the real launcher on the fixture module
 * {@code daggerverse-examples/go-features}: {@code dagger.Optional} arguments, custom enums passed by name, lists of
 * objects, variadic arguments, and struct fields that are renamed, private, embedded or unexported. Also a module
 * whose Go code uses a construct the SDK does not support, which must fail with the type, function and file:line.
 *
 * <p>One engine state directory is shared by the class (the module is built once); each test has its own copy.
 */
class GoSdkFeaturesIT {
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
    void copyFixture() throws Exception {
        module = tmp.resolve("go-features");
        ModuleFixtures.copyTree(Path.of(System.getProperty("dagj.repo.root"), "daggerverse-examples", "go-features"),
                module);
    }

    private static Path state() {
        return shared.resolve("state");
    }

    private Result dagger(String... args) throws Exception {
        return DistLauncher.dagger(module, state(), "", TIMEOUT, args);
    }

    private String ok(String... args) throws Exception {
        Result r = dagger(args);
        assertThat(r.exit()).as("dagger %s:%n%s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    @Test
    void optionalArgumentsTellUnsetFromZero() throws Exception {
        assertThat(ok("call", "hello")).isEqualTo("hello stranger! (name set: false)\n");
        assertThat(ok("call", "hello", "--name=ada", "--excitement=3")).isEqualTo("hello ada!!! (name set: true)\n");
        assertThat(ok("call", "hello", "--excitement=0")).isEqualTo("hello stranger (name set: false)\n");
        assertThat(ok("call", "count-entries")).isEqualTo("0\n");
        Files.createDirectories(module.resolve("some/sub"));
        Files.writeString(module.resolve("some/a.txt"), "a");
        assertThat(ok("call", "count-entries", "--dir=some")).isEqualTo("2\n");
        assertThat(ok("call", "maybe-volume")).isEqualTo("unset\n");
        assertThat(ok("call", "maybe-volume", "--volume=LOUD")).isEqualTo("loud\n");
    }

    @Test
    void customEnumsArePassedAndPrintedByName() throws Exception {
        assertThat(ok("call", "say", "--msg=Hi")).isEqualTo("hi...\n");
        assertThat(ok("call", "say", "--msg=Hi", "--volume=LOUD")).isEqualTo("HI!\n");
        assertThat(ok("call", "opposite", "--volume=QUIET")).isEqualTo("LOUD\n");
        Result bad = dagger("call", "say", "--msg=Hi", "--volume=loudest");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("loudest");
    }

    @Test
    void variadicArgumentsAreLists() throws Exception {
        assertThat(ok("call", "join", "--sep=-", "--words=a,b,c")).isEqualTo("a-b-c\n");
    }

    @Test
    void listsOfObjectsPrintAndChain() throws Exception {
        assertThat(ok("call", "items", "--n=3")).matches("(- Item@xxh3:[0-9a-f]{16}\n){3}");
        assertThat(ok("call", "items", "--n=2", "label")).isEqualTo("item-0\nitem-1\n");
        assertThat(ok("call", "items", "--n=2", "describe")).isEqualTo("0:item-0:t:hidden\n1:item-1:t:hidden\n");
        assertThat(ok("call", "items", "--n=1", "--json")).isEqualTo("""
                [
                    {
                        "index": 0,
                        "label": "item-0"
                    }
                ]
                """);
    }

    @Test
    void renamedPrivateEmbeddedAndUnexportedFields() throws Exception {
        assertThat(ok("call", "record", "name")).isEqualTo("rec\n");
        assertThat(ok("call", "record", "dump"))
                .isEqualTo("name=rec internal=kept note=n origin=base ignored=\"\"\n");
        assertThat(ok("functions", "record")).isEqualTo("""
                Name   Description
                dump   What the record knows, including state the API does not show
                name   Renamed with a json tag
                """);
        Result hidden = dagger("call", "record", "internal");
        assertThat(hidden.exit()).isEqualTo(1);
    }

    @Test
    void anUnsupportedGoConstructNamesTypeFunctionAndPosition() throws Exception {
        Files.writeString(module.resolve("iface.go"), """
                package main

                import "context"

                type Fooer interface {
                	Foo(ctx context.Context) (string, error)
                }

                // Use a Fooer
                func (m *GoFeatures) UseFooer(ctx context.Context, f Fooer) (string, error) {
                	return f.Foo(ctx)
                }
                """);

        Result r = dagger("functions");

        assertThat(r.exit()).isEqualTo(1);
        // a Go interface is a module interface type only when it embeds DaggerObject (see ModuleInterfaceIT)
        assertThat(r.err()).contains("iface.go:10:54: GoFeatures.UseFooer: parameter f: "
                + "iface.go:5:12: interface Fooer must embed DaggerObject to be used as a module interface type")
                .doesNotContain("dagger.gen.go");
    }

}
