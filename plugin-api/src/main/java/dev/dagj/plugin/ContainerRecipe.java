package dev.dagj.plugin;

import java.util.List;
import java.util.Map;

/**
 * A container the engine builds and runs for a plugin: a base, mounts, build steps run in order (each must exit 0),
 * then environment, working directory and entrypoint for whoever uses the result (the function runtime's
 * entrypoint is the dispatcher). Environment maps keep insertion order where it matters to the plugin.
 */
public record ContainerRecipe(Base base, List<RecipeMount> mounts, List<Step> steps, Map<String, String> env,
        String workdir, List<String> entrypoint) {
    public ContainerRecipe {
        mounts = List.copyOf(mounts);
        steps = List.copyOf(steps);
        env = Map.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
    }

    /** One command run while building the recipe. */
    public record Step(List<String> args, Map<String, String> env) {
        public Step {
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }
    }

    /** The root filesystem a recipe starts from. */
    public sealed interface Base permits Base.Scratch, Base.Image {
        /** An empty root; binaries come from mounts (for example a host toolchain). */
        record Scratch() implements Base {
        }

        /** An OCI image by reference, pulled by the engine. */
        record Image(String ref) implements Base {
        }
    }
}
