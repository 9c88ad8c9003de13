package dev.dagj.cli;

import dev.dagj.resolver.LoadOptions;
import dev.dagj.resolver.ModuleSource;
import dev.dagj.resolver.ResolverException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dagger config [--json]}: the module's name, SDK, context directory and source root directory, read on the
 * CLI side with the resolver library (no engine needed).
 */
@Command(name = "config", description = "Get or set module configuration.")
final class ConfigCommand implements Callable<Integer> {
    @Option(names = {"-m", "--mod"}, paramLabel = "MODULE",
            description = "Module reference: a local path, a dependency name or a git ref (default: $DAGGER_MODULE, "
                    + "else the module found from the current directory).")
    String mod;

    @Option(names = "--json", description = "Print the configuration as JSON.")
    boolean json;

    private final DaggerCommand root;

    ConfigCommand(DaggerCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws CliException, ResolverException, InterruptedException {
        Invocation inv = root.invocation();
        ModuleLookup lookup = new ModuleLookup(root.workdir(), root.stateDir());
        ModuleSource source = lookup.resolver().load(ModuleLookup.ref(mod, inv.env()), "", LoadOptions.DEFAULT);
        if (!source.configExists()) {
            throw new CliException("module not found");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Name", source.moduleName());
        values.put("SDK", source.config().sdkSource());
        values.put("Context Directory", source.contextDir().toString());
        values.put("Source Root Directory", source.sourceRootDir().toString());
        inv.out().print(json ? json(values) : text(values));
        inv.out().flush();
        return 0;
    }

    /** {@code Key:} labels padded to one column, as Go's tabwriter with padding 2 lays them out. */
    static String text(Map<String, String> values) {
        int width = 0;
        for (String k : values.keySet()) {
            width = Math.max(width, k.length() + 1);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String label = e.getKey() + ":";
            sb.append(label).append(" ".repeat(width - label.length() + 2)).append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    static String json(Map<String, String> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            List<String> words = new ArrayList<>(List.of(k.split(" ")));
            out.put(Names.lowerCamel(String.join("-", words)), v);
        });
        return IndentedJson.render(out) + "\n";
    }
}
