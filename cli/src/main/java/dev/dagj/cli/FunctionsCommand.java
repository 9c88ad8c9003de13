package dev.dagj.cli;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.api.GraphqlStrings;
import dev.dagj.resolver.ResolverException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dagger functions [fn...]}: the functions and fields of the module's main object, or of the type the named
 * chain returns, as a {@code Name   Description} table sorted by kebab-case name, with the first line of each
 * description. Functions whose arguments the CLI cannot fill are left out and counted on stderr.
 */
@Command(name = "functions", description = "List available functions.")
final class FunctionsCommand implements Callable<Integer> {
    @Option(names = {"-m", "--mod"}, paramLabel = "MODULE",
            description = "Module reference: a local path, a dependency name or a git ref (default: $DAGGER_MODULE, "
                    + "else the module found from the current directory).")
    String mod;

    @Parameters(arity = "0..*", paramLabel = "FUNCTION", description = "A chain of functions whose result to list.")
    List<String> chain = new ArrayList<>();

    private final DaggerCommand root;

    FunctionsCommand(DaggerCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws CliException, EngineException, ResolverException, InterruptedException {
        Invocation inv = root.invocation();
        root.trace().mark("command parsed");
        ModuleLookup lookup = new ModuleLookup(root.workdir(), root.stateDir());
        ModuleLookup.Found found = lookup.find(ModuleLookup.ref(mod, inv.env()));
        root.trace().mark("module found");
        try (LaunchedSession launched = root.launch(Map.of())) {
            ModuleApi.Served served = new ModuleApi(launched.session(), root.trace()).serve(found);
            FlagValues values = new FlagValues(served.types(), root.workdir(), q -> "");
            Listing listing;
            if (!ModuleApi.withoutSdk(found)) {
                listing = list(served.types(), values, served.constructor(), chain);
            } else if (chain.isEmpty()) {
                // no functions of its own (its dependencies are listed with `functions <dependency>`)
                listing = new Listing(table(List.<String[]>of(new String[] {"Name", "Description"})), List.of());
            } else {
                listing = list(served.types(), values,
                        ModuleApi.dependency(found, served.types(), chain.getFirst(), "functions"),
                        chain.subList(1, chain.size()));
            }
            inv.out().print(listing.table());
            if (!listing.skipped().isEmpty()) {
                inv.err().println("Skipped " + listing.skipped().size() + " function(s) with unsupported types: "
                        + String.join(", ", listing.skipped()));
            }
            inv.out().flush();
            root.trace().mark("listed");
            return 0;
        } finally {
            root.trace().mark("session closed");
        }
    }

    /** A table to print and the names of the functions left out. */
    record Listing(String table, List<String> skipped) {
    }

    /** Walks {@code chain} from the constructor's type and lists the members of the type it ends on. */
    static Listing list(ApiTypes types, FlagValues values, ApiTypes.Member ctor, List<String> chain)
            throws CliException {
        ApiTypes.Member current = ctor;
        for (String word : chain) {
            ApiTypes.ObjectType object = types.object(current.type().named().name()).orElse(null);
            if (object == null) {
                throw noFurther(types, current);
            }
            String parent = current == ctor ? "functions" : Names.kebab(current.name());
            current = object.memberByCliName(word).filter(m -> !m.name().equals("id"))
                    .orElseThrow(() -> new CliException("unknown command " + GraphqlStrings.literal(word) + " for "
                            + GraphqlStrings.literal(parent)));
        }
        ApiTypes.ObjectType object = types.object(current.type().named().name()).orElse(null);
        if (object == null) {
            throw noFurther(types, current);
        }
        List<ApiTypes.Member> shown = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ApiTypes.Member m : object.members().values()) {
            if (m.name().equals("id")) {
                continue;
            }
            boolean supported = m.args().stream().allMatch(a -> !a.required() || values.supports(a.type()));
            if (supported) {
                shown.add(m);
            } else {
                skipped.add(Names.kebab(m.name()));
            }
        }
        shown.sort(Comparator.comparing(m -> Names.kebab(m.name())));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Name", "Description"});
        for (ApiTypes.Member m : shown) {
            rows.add(new String[] {Names.kebab(m.name()), m.summary()});
        }
        skipped.sort(null);
        return new Listing(table(rows), skipped);
    }

    /**
     * Two columns as Go's tabwriter lays them out with padding 3: the first padded to the widest cell plus three
     * spaces.
     */
    static String table(List<String[]> rows) {
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(r[0]).append(" ".repeat(width - r[0].length() + 3)).append(r[1]).append('\n');
        }
        return sb.toString();
    }

    private static CliException noFurther(ApiTypes types, ApiTypes.Member m) {
        return new CliException("function " + GraphqlStrings.literal(m.name()) + " returns type "
                + GraphqlStrings.literal(types.kindName(m.type())) + " with no further functions available");
    }
}
