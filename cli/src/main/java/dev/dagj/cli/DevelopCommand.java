package dev.dagj.cli;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineException;
import dev.dagj.resolver.GoQuote;
import dev.dagj.resolver.LoadOptions;
import dev.dagj.resolver.ModuleSource;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.SlashPaths;
import dev.dagj.resolver.config.ModuleConfig;
import dev.dagj.resolver.config.ModuleConfigReader;
import dev.dagj.resolver.config.ModuleConfigWriter;
import dev.dagj.resolver.deps.DependencyEditor;
import dev.dagj.resolver.ref.RefKind;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dagger develop [--sdk] [--source]}: rewrites {@code dagger.json} in the current form (legacy fields upgraded,
 * dependencies in their stored form with their pins kept, {@code engineVersion} set to this engine's) and has the
 * engine regenerate the SDK's code. Running it twice changes nothing the second time. An SDK or source directory
 * already set cannot be changed.
 */
@Command(name = "develop", description = "Prepare a local module for development.")
final class DevelopCommand implements Callable<Integer> {
    @Option(names = {"-m", "--mod"}, paramLabel = "MODULE",
            description = "Local module path (default: $DAGGER_MODULE, else the module found from the current "
                    + "directory).")
    String mod;

    @Option(names = "--sdk", paramLabel = "SDK", description = "Set the SDK, when the module has none yet.")
    String sdk;

    @Option(names = "--source", paramLabel = "PATH",
            description = "Set the SDK's source directory, when it is not set yet.")
    String source;

    private final DaggerCommand root;

    DevelopCommand(DaggerCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws CliException, EngineException, ResolverException, InterruptedException {
        Invocation inv = root.invocation();
        ModuleLookup lookup = new ModuleLookup(root.workdir(), root.stateDir());
        ModuleSource module = lookup.resolver().load(ModuleLookup.ref(mod, inv.env()), "",
                new LoadOptions(false, false, RefKind.LOCAL));
        if (!module.configExists()) {
            throw new CliException("module not found");
        }
        ModuleConfig config = new DependencyEditor(lookup.resolver()).rewrite(module)
                .withEngineVersion(Engine.DAGGER_VERSION);
        config = withSdk(config);
        config = withSource(config, module);
        Path file = module.sourceRootDir().resolve(ModuleConfigReader.FILENAME);
        config.validate(file.toString());
        new ModuleConfigWriter().write(config, file);
        if (config.sdk() != null && SdkChoice.parse(config.sdkSource()).canGenerate(module.sourceRootDir())) {
            InitCommand.generate(root, module.sourceRootDir(), module.contextDir());
        }
        return 0;
    }

    private ModuleConfig withSdk(ModuleConfig config) throws CliException {
        if (sdk == null || sdk.isEmpty()) {
            return config;
        }
        SdkChoice choice = SdkChoice.parse(sdk);
        if (config.sdk() != null && !config.sdkSource().isEmpty()) {
            if (!config.sdkSource().equals(choice.source())) {
                throw new CliException("cannot update module SDK that has already been set to "
                        + GoQuote.quote(config.sdkSource()));
            }
            return config;
        }
        return config.withSdk(choice.config());
    }

    private ModuleConfig withSource(ModuleConfig config, ModuleSource module) throws CliException,
            ResolverException {
        if (source == null) {
            if (config.sdk() != null && config.source().isEmpty()) {
                return config.withSource(".");
            }
            return config;
        }
        String rel = SlashPaths.relative(module.sourceRootDir().toString(),
                root.workdir().resolve(source).normalize().toString());
        if (!rel.equals(".") && !SlashPaths.isLocal(rel)) {
            throw new CliException("source subpath " + GoQuote.quote(rel) + " escapes source root");
        }
        String current = config.source().isEmpty() ? "." : config.source();
        boolean alreadySet = config.sdk() != null && !config.source().isEmpty();
        if (alreadySet && !SlashPaths.clean(current).equals(rel)) {
            throw new CliException("cannot update module source path that has already been set to "
                    + GoQuote.quote(current));
        }
        return config.withSource(rel);
    }
}
