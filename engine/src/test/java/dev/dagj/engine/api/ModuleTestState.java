package dev.dagj.engine.api;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.exec.ExecConfig;
import dev.dagj.engine.exec.ExecutorSelection;
import dev.dagj.engine.module.GoSdkFixture;
import dev.dagj.engine.module.ModuleServices;
import dev.dagj.engine.module.SdkPluginSource;
import dev.dagj.engine.solve.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The engine state module tests share within one build ({@code engine/target/module-test-state}): the Go build
 * cache volume lives there, so only the first test class compiles the standard library.
 */
final class ModuleTestState {
    private ModuleTestState() {
    }

    static Path dir() throws IOException {
        Path d = GoSdkFixture.repoRoot().resolve("engine/target/module-test-state");
        Files.createDirectories(d);
        return d;
    }

    /**
     * An engine on the shared state with the built-in Go SDK, the real executors and the SDK {@code settings}.
     */
    static Engine openEngine(Map<String, String> settings) throws Exception {
        Path state = dir();
        return Engine.open(new EngineConfig(state, Progress.NONE), new ModuleServices.Config(
                SdkPluginSource.of(GoSdkFixture.goSdk()), new ExecutorSelection(ExecConfig.defaults(state,
                        System.getenv())), settings));
    }

    /** Copies test module {@code name} from the test resources, with {@code marker} in a comment of its main.go. */
    static Path copyModule(String name, Path dest, String marker) throws IOException {
        Files.createDirectories(dest);
        for (String f : List.of("dagger.json", "main.go")) {
            try (InputStream in = ModuleTestState.class.getResourceAsStream("modules/" + name + "/" + f)) {
                if (in == null) {
                    throw new IOException("no test module file modules/" + name + "/" + f);
                }
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (f.equals("main.go")) {
                    text = text + "\n// marker: " + marker + "\n";
                }
                Files.writeString(dest.resolve(f), text);
            }
        }
        return dest;
    }
}
