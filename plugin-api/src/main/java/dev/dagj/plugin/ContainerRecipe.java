package dev.dagj.plugin;

import java.util.List;
import java.util.Map;

/**
 * A container the engine builds and runs for a plugin: a base, mounts, build steps run in order (each must exit 0),
 * then environment, working directory and entrypoint for whoever uses the result (the function runtime's
 * entrypoint is the dispatcher).
 *
 * <p>{@code versions} names what the recipe depends on that the engine cannot see in its inputs, such as the version
 * of a toolchain mounted with {@link RecipeMount.HostPath} ({@code "go" -> "go1.26.8"}). The engine folds them into
 * the cache key of the recipe's result, so a plugin MUST list every such input whose change must rebuild.
 */
public record ContainerRecipe(Base base, List<RecipeMount> mounts, List<Step> steps, Map<String, String> env,
        String workdir, List<String> entrypoint, Map<String, String> versions) {
    public ContainerRecipe {
        mounts = List.copyOf(mounts);
        steps = List.copyOf(steps);
        env = Map.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        versions = Map.copyOf(versions);
    }

    /** One command run while building the recipe. */
    public record Step(List<String> args, Map<String, String> env) {
        public Step {
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }
    }

    /** The root filesystem a recipe starts from. */
    public sealed interface Base permits Base.Scratch, Base.Image, Base.HostSystem {
        /** An empty root; binaries come from mounts (for example a host toolchain). */
        record Scratch() implements Base {
        }

        /** An OCI image by reference, pulled by the engine. */
        record Image(String ref) implements Base {
        }

        /**
         * The engine host's system directories ({@code /usr}, {@code /etc} and the {@code /lib*}, {@code /bin}
         * links of a merged-usr system), read-only, over an otherwise empty root: a shell and core utilities without
         * an image registry.
         */
        record HostSystem() implements Base {
        }
    }
}
