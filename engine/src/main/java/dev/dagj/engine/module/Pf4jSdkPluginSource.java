package dev.dagj.engine.module;

import dev.dagj.plugin.SdkPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * SDK plugins found by PF4J in a plugins directory (the distribution's {@code plugins/}): jar or zip plugins whose
 * manifest names them ({@code Plugin-Id}), each exposing {@link SdkPlugin} extensions. Plugins are loaded and started
 * on first use. A plugin that fails to load or start, or that exposes no SDK, is an error naming its file.
 */
public final class Pf4jSdkPluginSource implements SdkPluginSource {
    private final Path dir;
    private volatile Loaded loaded;

    private record Loaded(List<SdkPlugin> plugins, List<String> failures) {
    }

    public Pf4jSdkPluginSource(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public Optional<SdkPlugin> find(String name) throws ModuleException {
        Loaded l = load();
        for (SdkPlugin p : l.plugins()) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        if (!l.failures().isEmpty()) {
            throw new ModuleException("no SDK plugin \"" + name + "\" could be loaded from " + describe() + ": "
                    + String.join("; ", l.failures()));
        }
        return Optional.empty();
    }

    @Override
    public void preload() {
        load();
    }

    @Override
    public String describe() {
        return "plugins directory " + dir;
    }

    private Loaded load() {
        Loaded l = loaded;
        if (l != null) {
            return l;
        }
        synchronized (this) {
            if (loaded == null) {
                loaded = scan();
            }
            return loaded;
        }
    }

    private Loaded scan() {
        List<String> failures = new ArrayList<>();
        List<SdkPlugin> plugins = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            failures.add("the directory does not exist");
            return new Loaded(plugins, failures);
        }
        PluginManager pm = new DefaultPluginManager(dir);
        try {
            pm.loadPlugins();
        } catch (RuntimeException e) {
            failures.add("loading failed: " + e.getMessage());
            return new Loaded(plugins, failures);
        }
        for (PluginWrapper w : pm.getPlugins()) {
            String id = w.getPluginId() + " (" + w.getPluginPath().getFileName() + ")";
            try {
                PluginState state = pm.startPlugin(w.getPluginId());
                if (state != PluginState.STARTED) {
                    Throwable t = w.getFailedException();
                    failures.add("plugin " + id + " did not start" + (t == null ? "" : ": " + t));
                    continue;
                }
                List<SdkPlugin> found = pm.getExtensions(SdkPlugin.class, w.getPluginId());
                if (found.isEmpty()) {
                    failures.add("plugin " + id + " has no SDK extension (META-INF/extensions.idx missing, or its"
                            + " classes failed to load)");
                }
                plugins.addAll(found);
            } catch (RuntimeException | LinkageError e) {
                failures.add("plugin " + id + " is broken: " + e);
            }
        }
        return new Loaded(List.copyOf(plugins), List.copyOf(failures));
    }
}
