package dev.dagj.cli;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineException;
import dev.dagj.resolver.GoQuote;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.SlashPaths;
import dev.dagj.resolver.config.ModuleConfig;
import dev.dagj.resolver.config.ModuleConfigReader;
import dev.dagj.resolver.config.ModuleConfigWriter;
import dev.dagj.resolver.local.LocalModuleLocation;
import dev.dagj.resolver.local.LocalModuleLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dagger init [--sdk] [--name] [--source] [--include] [path]}: writes a new module's {@code dagger.json} at
 * PATH (no walk-up; PATH may not exist yet) and, with an SDK, has the engine generate the SDK's files
 * ({@code moduleSource.generatedContextDirectory}, exported into the context directory).
 *
 * <p>The name defaults to the directory's base name. With an SDK and no {@code --source}, the code goes in
 * {@code .dagger} when the directory already holds a visible entry or a {@code .dagger}, else in the root. With an SDK
 * it also writes a LICENSE as Dagger does ({@link LicenseFile}).
 */
@Command(name = "init", description = "Initialize a new module.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--sdk", paramLabel = "SDK", description = "The SDK: go, or an SDK module's git ref or path.")
    String sdk;

    @Option(names = "--name", paramLabel = "NAME", description = "The module's name (default: the directory name).")
    String name;

    @Option(names = "--source", paramLabel = "PATH", description = "The directory for the SDK's code.")
    String source;

    @Option(names = "--include", paramLabel = "GLOB", split = ",",
            description = "Extra paths to upload with the module (repeatable; !x excludes).")
    List<String> include = new ArrayList<>();

    @Option(names = "--license", paramLabel = "SPDX",
            description = "The license to write as LICENSE with an SDK (default: Apache-2.0, only when no license "
                    + "file exists up to the context directory; empty: none).")
    String license;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "The module's directory (default: .).")
    String path;

    private final DaggerCommand root;

    InitCommand(DaggerCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws CliException, EngineException, ResolverException, InterruptedException {
        Path workdir = root.workdir();
        Path requested = workdir.resolve(path == null ? "." : path).normalize();
        LocalModuleLocation location = new LocalModuleLocator().locate(requested, false);
        if (location.configExists()) {
            throw new CliException("module already exists");
        }
        Path sourceRoot = location.sourceRoot();
        SdkChoice choice = sdk == null || sdk.isEmpty() ? null : SdkChoice.parse(sdk);
        String moduleName = name != null ? name
                : sourceRoot.getFileName() == null ? "" : sourceRoot.getFileName().toString();
        String sourcePath = sourceSubpath(workdir, sourceRoot, choice);
        ModuleConfig config = ModuleConfig.init(moduleName, Engine.DAGGER_VERSION,
                choice == null ? null : choice.config(), sourcePath).withInclude(include);
        Path file = sourceRoot.resolve(ModuleConfigReader.FILENAME);
        config.validate(file.toString());
        String licenseText = choice == null ? null : licenseToWrite(sourceRoot, location.contextDir());
        try {
            Files.createDirectories(sourceRoot);
        } catch (IOException e) {
            throw new CliException("cannot create " + sourceRoot + ": " + e.getMessage(), e);
        }
        new ModuleConfigWriter().write(config, file);
        if (choice != null && choice.canGenerate(sourceRoot)) {
            try {
                generate(root, sourceRoot, location.contextDir());
            } catch (CliException | EngineException | RuntimeException e) {
                deleteQuietly(file);
                throw e;
            }
        }
        if (licenseText != null) {
            LicenseFile.write(sourceRoot, licenseText);
            if (!root.quiet()) {
                root.invocation().err().println("no LICENSE file found; generating one for you, feel free to change "
                        + "or remove (license: " + (license == null ? LicenseFile.DEFAULT_ID : license) + ")");
            }
        }
        root.invocation().out().println("Initialized module " + moduleName + " in " + sourceRoot);
        return 0;
    }

    /**
     * The LICENSE text to write, or null: an explicit {@code --license} is always written (empty: none); without it,
     * Apache-2.0 unless a license file exists from the source root up to the context directory.
     */
    private String licenseToWrite(Path sourceRoot, Path contextDir) throws CliException {
        if (license != null) {
            return license.isEmpty() ? null : LicenseFile.text(license);
        }
        if (LicenseFile.find(sourceRoot, contextDir).isPresent()) {
            return null;
        }
        return LicenseFile.text(LicenseFile.DEFAULT_ID);
    }

    /** Has the engine generate the module's code and exports it into the context directory. */
    static void generate(DaggerCommand root, Path sourceRoot, Path contextDir)
            throws CliException, EngineException, InterruptedException {
        try (LaunchedSession launched = root.launch(Map.of())) {
            new ModuleApi(launched.session(), root.trace()).exportGenerated(
                    new ModuleLookup.Found(sourceRoot.toString(), "", null), contextDir);
        }
    }

    private String sourceSubpath(Path workdir, Path sourceRoot, SdkChoice choice) throws CliException {
        if (source != null) {
            String rel = SlashPaths.relative(sourceRoot.toString(), workdir.resolve(source).normalize().toString());
            if (!rel.equals(".") && !SlashPaths.isLocal(rel)) {
                throw new CliException("source subpath " + GoQuote.quote(rel) + " escapes source root");
            }
            return rel;
        }
        if (choice == null) {
            return "";
        }
        return hasVisibleEntryOrDotDagger(sourceRoot) ? ".dagger" : "";
    }

    private static boolean hasVisibleEntryOrDotDagger(Path dir) throws CliException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .anyMatch(n -> !n.startsWith(".") || n.equals(".dagger"));
        } catch (IOException e) {
            throw new CliException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the original failure is what the user needs to see
        }
    }
}
