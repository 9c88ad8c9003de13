package dev.dagj.cli;

import dev.dagj.engine.EngineException;
import dev.dagj.resolver.LoadOptions;
import dev.dagj.resolver.ModuleSource;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.config.ModuleConfig;
import dev.dagj.resolver.config.ModuleConfigReader;
import dev.dagj.resolver.config.ModuleConfigWriter;
import dev.dagj.resolver.deps.DependencyEditor;
import dev.dagj.resolver.ref.RefKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dagger install|use}, {@code uninstall} and {@code update}: edit the local module's dependency list with the
 * resolver's {@link DependencyEditor} (stored forms, pins, sorting and Dagger's messages are its business), write
 * {@code dagger.json}, and regenerate the module's code so the dependencies' bindings appear.
 */
final class DependencyCommands {
    private DependencyCommands() {
    }

    /** One edit of the dependency list. */
    interface Edit {
        ModuleConfig apply(DependencyEditor editor, ModuleSource parent) throws ResolverException,
                InterruptedException;
    }

    static int edit(DaggerCommand root, String mod, Edit edit)
            throws CliException, EngineException, ResolverException, InterruptedException {
        ModuleLookup lookup = new ModuleLookup(root.workdir(), root.stateDir());
        ModuleSource parent = lookup.resolver().load(ModuleLookup.ref(mod, root.invocation().env()), "",
                new LoadOptions(false, false, RefKind.LOCAL));
        ModuleConfig config = edit.apply(new DependencyEditor(lookup.resolver()), parent);
        new ModuleConfigWriter().write(config, parent.sourceRootDir().resolve(ModuleConfigReader.FILENAME));
        if (config.sdk() != null && SdkChoice.parse(config.sdkSource()).canGenerate(parent.sourceRootDir())) {
            InitCommand.generate(root, parent.sourceRootDir(), parent.contextDir());
        }
        return 0;
    }

    @Command(name = "install", description = "Install a dependency.")
    static final class Install implements Callable<Integer> {
        @Option(names = {"-m", "--mod"}, paramLabel = "MODULE", description = "The local module to change.")
        String mod;

        @Option(names = {"-n", "--name"}, paramLabel = "NAME",
                description = "The name to install it under (default: its module name).")
        String name = "";

        @Parameters(index = "0", paramLabel = "MODULE", description = "The dependency: a git ref or a local path.")
        String ref;

        private final DaggerCommand root;

        Install(DaggerCommand root) {
            this.root = root;
        }

        @Override
        public Integer call() throws Exception {
            return edit(root, mod, (editor, parent) -> editor.install(parent, ref, name));
        }
    }

    @Command(name = "uninstall", description = "Uninstall a dependency.")
    static final class Uninstall implements Callable<Integer> {
        @Option(names = {"-m", "--mod"}, paramLabel = "MODULE", description = "The local module to change.")
        String mod;

        @Parameters(arity = "1..*", paramLabel = "DEPENDENCY", description = "Names or refs[@version] to remove.")
        List<String> targets = new ArrayList<>();

        private final DaggerCommand root;

        Uninstall(DaggerCommand root) {
            this.root = root;
        }

        @Override
        public Integer call() throws Exception {
            return edit(root, mod, (editor, parent) -> editor.uninstall(parent, targets));
        }
    }

    @Command(name = "update", description = "Update dependencies (all git dependencies when none is named).")
    static final class Update implements Callable<Integer> {
        @Option(names = {"-m", "--mod"}, paramLabel = "MODULE", description = "The local module to change.")
        String mod;

        @Parameters(arity = "0..*", paramLabel = "DEPENDENCY", description = "Names or refs[@version] to update.")
        List<String> targets = new ArrayList<>();

        private final DaggerCommand root;

        Update(DaggerCommand root) {
            this.root = root;
        }

        @Override
        public Integer call() throws Exception {
            return edit(root, mod, (editor, parent) -> editor.update(parent, targets));
        }
    }
}
