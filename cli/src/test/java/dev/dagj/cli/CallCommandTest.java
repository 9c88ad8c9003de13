package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger call} against a GraphQL schema standing in for a served module: flags, queries and output. */
class CallCommandTest {
    @TempDir
    Path tmp;

    Path app;
    FakeModuleEngine engine = new FakeModuleEngine();
    ModuleFixtures.Launcher launcher = new ModuleFixtures.Launcher(engine);

    @BeforeEach
    void module() throws Exception {
        app = tmp.resolve("app");
        Files.createDirectories(app.resolve(".git"));
        ModuleFixtures.goModule(app.resolve("test"), "test");
    }

    CliRun call(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "call";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(launcher, "", Map.of(), app.resolve("test"), all);
    }

    @Test
    void scalarFlagsBecomeTypedLiteralsAndTheStringPrintsPlainly() {
        engine.values.put("Test.fnA", a -> "got " + a.get("name") + " " + a.get("count") + " " + a.get("ok") + " "
                + a.get("tags") + " " + a.get("flavor") + " " + a.get("ratio"));

        CliRun run = call("fn-a", "--name", "x y", "--count=3", "--ok", "--tags", "a,b", "--flavor", "chocolate",
                "--ratio", "0.5");

        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("got x y 3 true [a, b] CHOCOLATE 0.5\n");
        assertThat(engine.callQueries()).containsExactly("{ test { fnA(name: \"x y\", count: 3, ok: true, "
                + "tags: [\"a\", \"b\"], flavor: CHOCOLATE, ratio: 0.5) } }");
    }

    @Test
    void servesTheModuleFoundFromTheWorkingDirectoryBeforeCalling() {
        CliRun run = CliRun.of(launcher, "", Map.of(), app.resolve("test"), "call", "prim");

        assertThat(run.out()).isEqualTo("hello from prim\n");
        assertThat(engine.queries.getFirst()).isEqualTo("{ moduleSource(refString: \"" + app.resolve("test")
                + "\") { asModule { name objects { asObject { name fields { name } } } serve } } }");
    }

    @Test
    void missingRequiredFlagsAreNamedInKebabCase() {
        CliRun run = call("fn-a");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: required flag(s) \"name\" not set\n");
        assertThat(engine.callQueries()).isEmpty();
    }

    @Test
    void wrongTypedValuesNameTheFlag() {
        assertThat(call("fn-a", "--name", "n", "--count", "abc").err()).isEqualTo(
                "Error: invalid argument \"abc\" for \"--count\" flag: strconv.ParseInt: parsing \"abc\": invalid "
                        + "syntax\n");
        assertThat(call("fn-a", "--name", "n", "--ok=maybe").err()).isEqualTo(
                "Error: invalid argument \"maybe\" for \"--ok\" flag: strconv.ParseBool: parsing \"maybe\": invalid "
                        + "syntax\n");
        assertThat(call("fn-a", "--name", "n", "--ratio", "x").err()).contains("--ratio", "strconv.ParseFloat");
        assertThat(call("fn-a", "--name", "n", "--flavor", "mint").err()).isEqualTo(
                "Error: invalid argument \"mint\" for \"--flavor\" flag: value should be one of VANILLA, CHOCOLATE\n");
        assertThat(call("fn-a", "--nope", "1").err()).isEqualTo("Error: unknown flag: --nope\n");
        assertThat(call("fn-z").err()).isEqualTo("Error: unknown command \"fn-z\" for \"dagger call\"\n");
    }

    @Test
    void listsPrintOneItemPerLine() {
        assertThat(call("fn-b").out()).isEqualTo("0\n1\n2\n");
    }

    @Test
    void objectsPrintTypeAndDigestOfTheirId() {
        CliRun run = call("foos");

        assertThat(run.out()).isEqualTo("- MinimalFoo@" + Xxh3.digest("foo-id-0") + "\n- MinimalFoo@"
                + Xxh3.digest("foo-id-1") + "\n- MinimalFoo@" + Xxh3.digest("foo-id-2") + "\n");
        assertThat(run.out()).matches("(- MinimalFoo@xxh3:[a-f0-9]{16}\n){3}");
        assertThat(engine.callQueries()).containsExactly("{ test { foos { id } } }");
    }

    @Test
    void chainingThroughAListSelectsEachElement() {
        assertThat(call("foos", "bar").out()).isEqualTo("0\n1\n2\n");
        assertThat(engine.callQueries()).containsExactly("{ test { foos { bar } } }");
    }

    @Test
    void jsonSelectsTheDataFieldsWithFourSpaceIndent() {
        CliRun run = call("foos", "--json");

        assertThat(run.out()).isEqualTo("""
                [
                    {
                        "bar": 0
                    },
                    {
                        "bar": 1
                    },
                    {
                        "bar": 2
                    }
                ]
                """);
        assertThat(engine.callQueries()).containsExactly("{ test { foos { bar } } }");
    }

    @Test
    void aTypeWithSyncIsSyncedSoContainersRun() {
        engine.values.put("Container.sync", a -> "ctr-id");

        CliRun run = call("ctr");

        assertThat(run.out()).isEqualTo("Container@" + Xxh3.digest("ctr-id") + "\n");
        assertThat(engine.callQueries()).containsExactly("{ test { ctr { sync } } }");
    }

    @Test
    void constructorFlagsComeBeforeTheFirstFunction() {
        call("--foo", "x", "--bar", "5", "prim");

        assertThat(engine.callQueries()).containsExactly("{ test(foo: \"x\", bar: 5) { prim } }");
    }

    @Test
    void objectFlagsAreLoadedByIdFirst() throws Exception {
        engine.values.put("Container.id", a -> "ctr-from-image");
        engine.values.put("Directory.id", a -> "dir-id");
        engine.values.put("Secret.id", a -> "secret-id");
        engine.values.put("CacheVolume.id", a -> "cache-id");
        Files.createDirectories(app.resolve("test/src"));

        call("ctr", "--image", "alpine:3.20", "stdout");
        call("dir", "--src", "src", "entries");
        call("secret-text", "--s", "TOKEN");
        call("secret-text", "--s", "file:///tmp/x");
        call("cache", "--c", "gomod");

        assertThat(engine.callQueries()).containsExactly(
                "{ container { from(address: \"alpine:3.20\") { id } } }",
                "{ test { ctr(image: \"ctr-from-image\") { stdout } } }",
                "{ host { directory(path: \"" + app.resolve("test/src") + "\") { id } } }",
                "{ test { dir(src: \"dir-id\") { entries } } }",
                "{ secret(uri: \"env://TOKEN\") { id } }",
                "{ test { secretText(s: \"secret-id\") } }",
                "{ secret(uri: \"file:///tmp/x\") { id } }",
                "{ test { secretText(s: \"secret-id\") } }",
                "{ cacheVolume(key: \"gomod\") { id } }",
                "{ test { cache(c: \"cache-id\") } }");
    }

    @Test
    void outputOfAnObjectExportsIt() {
        engine.values.put("Container.export", a -> a.get("path"));
        engine.values.put("File.export", a -> a.get("path"));

        CliRun ctr = call("ctr", "-o", "out.tar");
        CliRun file = call("ctr", "file", "--path", "/etc/alpine-release", "-o", ".");

        assertThat(ctr.exit()).as(ctr.err()).isZero();
        assertThat(ctr.out()).isEmpty();
        assertThat(ctr.err()).isEqualTo("Saved to \"" + app.resolve("test/out.tar") + "\".\n");
        assertThat(file.err()).isEqualTo("Saved to \"" + app.resolve("test") + "\".\n");
        assertThat(engine.callQueries()).containsExactly(
                "{ test { ctr { export(path: \"" + app.resolve("test/out.tar") + "\") } } }",
                "{ test { ctr { file(path: \"/etc/alpine-release\") { export(path: \"" + app.resolve("test")
                        + "\", allowParentDirPath: true) } } } }");
    }

    @Test
    void outputOfAScalarWritesTheFile() throws Exception {
        CliRun run = call("prim", "-o", "foo/bar.txt");

        Path written = app.resolve("test/foo/bar.txt");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEqualTo("Saved output to \"" + written + "\".\n");
        assertThat(Files.readString(written)).isEqualTo("hello from prim\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.getParent())))
                .isEqualTo("rwxr-xr-x");

        CliRun dir = call("prim", "-o", ".");
        assertThat(dir.exit()).isEqualTo(1);
        assertThat(dir.err()).isEqualTo("Error: open " + app.resolve("test") + ": is a directory\n");
    }

    @Test
    void chainingPastAScalarIsAnError() {
        assertThat(call("prim", "size").err()).isEqualTo(
                "Error: function \"prim\" returns type \"STRING_KIND\" with no further functions available\n");
    }

    @Test
    void voidPrintsNothing() {
        CliRun run = call("nothing");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
    }

    @Test
    void moduleFlagAndEnvironmentPickTheModule() throws Exception {
        ModuleFixtures.goModule(app.resolve("other"), "test");

        CliRun flag = CliRun.of(launcher, "", Map.of(), app, "call", "-m", "other", "prim");
        CliRun env = CliRun.of(launcher, "", Map.of("DAGGER_MODULE", "test"), app, "call", "prim");

        assertThat(flag.exit()).as(flag.err()).isZero();
        assertThat(env.exit()).as(env.err()).isZero();
        assertThat(engine.queries.stream().filter(q -> q.contains("asModule")).toList()).containsExactly(
                "{ moduleSource(refString: \"" + app.resolve("other")
                        + "\") { asModule { name objects { asObject { name fields { name } } } serve } } }",
                "{ moduleSource(refString: \"" + app.resolve("test")
                        + "\") { asModule { name objects { asObject { name fields { name } } } serve } } }");
    }

    @Test
    void withoutAModuleNothingIsLaunched() {
        CliRun run = CliRun.of(launcher, "", Map.of(), tmp, "call", "prim");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: module not found\n");
        assertThat(launcher.requests).isEmpty();
    }

    @Test
    void engineErrorsAreReportedAsTheyAre() {
        engine.values.put("Test.prim", a -> {
            throw new IllegalStateException("exit code 127: goodbye");
        });

        CliRun run = call("prim");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("goodbye").startsWith("Error: ");
        assertThat(run.out()).isEmpty();
    }
}
