package dev.dagj.engine.api;

import dev.dagj.engine.api.ApiObject.DirectoryObject;
import dev.dagj.engine.api.ApiObject.FileObject;
import dev.dagj.engine.api.ApiObject.HostObject;
import dev.dagj.engine.api.ApiObject.CacheVolumeObject;
import dev.dagj.engine.api.ApiObject.ContainerObject;
import dev.dagj.engine.api.ApiObject.SecretObject;
import dev.dagj.engine.image.ImageConfig;
import dev.dagj.engine.op.EmptyRootfsOp;
import dev.dagj.engine.op.ExecMount;
import dev.dagj.engine.op.ExecMountOp;
import dev.dagj.engine.op.ExecOp;
import dev.dagj.engine.op.ExecRootfsOp;
import dev.dagj.engine.op.ImageRootfsOp;
import dev.dagj.engine.op.RootfsTreeOp;
import dev.dagj.engine.op.TreeLayerOp;
import dev.dagj.engine.op.WhiteoutLayerOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.op.CopyOp;
import dev.dagj.engine.op.DiffOp;
import dev.dagj.engine.op.LocalUploadOp;
import dev.dagj.engine.op.MkDirOp;
import dev.dagj.engine.op.MkFileOp;
import dev.dagj.engine.op.Op;
import dev.dagj.engine.op.OpPaths;
import dev.dagj.engine.op.RmOp;
import dev.dagj.engine.op.ScratchOp;
import dev.dagj.engine.op.SubdirOp;
import dev.dagj.engine.op.Vertex;
import java.util.List;

/**
 * Turns one call step into the object it returns. This is the only place that maps API fields to ops, and it is
 * pure: no host reads, no solves, no store access. GraphQL fields returning objects and the replay of an ID both go
 * through {@link #apply}, so an ID loads to exactly what the original call returned. Host steps use the content
 * digest pinned in the ID when the call was first made (argument {@value #PINNED_DIGEST}). The one exception is a
 * {@code secret(uri)} step loaded by a session that does not hold the pinned value: given the session's
 * {@link SecretUris}, the URI is read again there, as Dagger does.
 */
final class CallTranslator {
    /** Hidden argument of {@code Host.directory}/{@code Host.file} steps: the uploaded tree's digest. */
    static final String PINNED_DIGEST = "_digest";
    /** Hidden argument of {@code Host.file} steps: the file's name inside the uploaded tree. */
    static final String PINNED_NAME = "_name";
    /** Hidden argument of {@code Container.from}: the reference pinned to the digest the registry returned. */
    static final String PINNED_REF = "_ref";
    /** Hidden argument of {@code Container.from}: the digest of the single-platform manifest used. */
    static final String PINNED_MANIFEST = "_manifest";
    /** Hidden argument of {@code Container.from}: the image's runtime config ({@link ImageConfigCodec}). */
    static final String PINNED_CONFIG = "_config";
    /** The namespace of cache volumes made by top-level clients. */
    static final String MAIN_CLIENT = "mainClient";
    static final String DEFAULT_PLATFORM = "linux/amd64";

    /** The module API's steps; null when this API serves none. */
    private final ModuleSteps modules;
    /** The session's secret providers, for {@code secret(uri)} steps of loaded IDs; null: use the pinned digest. */
    private final SecretUris secretUris;

    CallTranslator() {
        this(null);
    }

    CallTranslator(ModuleSteps modules) {
        this(modules, null);
    }

    CallTranslator(ModuleSteps modules, SecretUris secretUris) {
        this.modules = modules;
        this.secretUris = secretUris;
    }

    /** Replays a whole chain (an ID being loaded). */
    ApiObject replay(CallId id) throws ApiException {
        ApiObject cur = null;
        for (CallId step : id.steps()) {
            cur = apply(cur, step);
        }
        return cur;
    }

    /**
     * Loads an object-typed argument, checking its type: {@code what} names the argument in the error
     * ("argument source: the ID is a File ID, not a Directory ID").
     */
    ApiObject load(CallId id, String expectedType, String what) throws ApiException {
        if (expectedType != null && !id.type().equals(expectedType)) {
            throw new ApiException(what + ": the ID is " + article(id.type()) + " " + id.type() + " ID, not "
                    + article(expectedType) + " " + expectedType + " ID");
        }
        return replay(id);
    }

    private static String article(String type) {
        return "AEIOU".indexOf(type.charAt(0)) >= 0 ? "an" : "a";
    }

    /** The object {@code call} returns when made on {@code receiver} (null for a field of Query). */
    ApiObject apply(ApiObject receiver, CallId call) throws ApiException {
        // instanceof, not a pattern switch: every call chain passes here, and a pattern switch is bootstrapped at run
        // time (SwitchBootstraps), a cost each warm CLI run would pay again
        ApiObject out;
        if (receiver == null) {
            out = query(call);
        } else if (receiver instanceof HostObject) {
            out = host(call);
        } else if (receiver instanceof DirectoryObject d) {
            out = directory(d, call);
        } else if (receiver instanceof FileObject f) {
            out = file(f, call);
        } else if (receiver instanceof ContainerObject k) {
            out = container(k, call);
        } else if (receiver instanceof CacheVolumeObject) {
            throw unknown("CacheVolume", call);
        } else if (receiver instanceof SecretObject) {
            throw unknown("Secret", call);
        } else {
            ApiObject.ModuleApiObject m = (ApiObject.ModuleApiObject) receiver;
            if (modules == null) {
                throw unknown(m.typeName(), call);
            }
            out = modules.apply(this, m, call);
        }
        if (!out.typeName().equals(call.type())) {
            throw new ApiException("malformed ID: " + call.field() + " returns " + out.typeName() + ", the ID says "
                    + call.type());
        }
        return out;
    }

    private static ApiException unknown(String type, CallId call) {
        return new ApiException("malformed ID: " + type + " has no object field \"" + call.field() + "\"");
    }

    private static Vertex scratch() {
        return Vertex.of(new ScratchOp());
    }

    private ApiObject query(CallId c) throws ApiException {
        return switch (c.field()) {
            case "directory" -> new DirectoryObject(c, scratch(), "");
            case "host" -> new HostObject(c);
            case "container" -> {
                String platform = c.optString("platform");
                yield new ContainerObject(c, Vertex.of(new EmptyRootfsOp()), ImageConfig.EMPTY,
                        platform == null ? DEFAULT_PLATFORM : platform, List.of(), List.of(), null);
            }
            case "cacheVolume" -> {
                String key = c.string("key");
                if (key.isEmpty()) {
                    throw new ApiException("cacheVolume: the key must not be empty");
                }
                String ns = c.optString("namespace");
                yield new CacheVolumeObject(c, ns == null || ns.isEmpty() ? MAIN_CLIENT : ns, key);
            }
            case "setSecret", "secret" -> {
                String pinned = c.optString(PINNED_DIGEST);
                if (pinned == null) {
                    throw new ApiException("malformed ID: " + c.field() + " carries no secret digest");
                }
                Digest d;
                try {
                    d = Digest.parse(pinned);
                } catch (IllegalArgumentException e) {
                    throw new ApiException("malformed ID: " + c.field() + " carries a bad secret digest", e);
                }
                if (c.field().equals("secret") && secretUris != null) {
                    d = secretUris.forLoadedId(c.string("uri"), d);
                }
                yield new SecretObject(c, c.string(c.field().equals("secret") ? "uri" : "name"), d);
            }
            default -> {
                ApiObject m = modules == null ? null : modules.query(this, c);
                if (m == null) {
                    throw unknown("Query", c);
                }
                yield m;
            }
        };
    }

    private ApiObject host(CallId c) throws ApiException {
        String pinned = c.optString(PINNED_DIGEST);
        if (pinned == null) {
            throw new ApiException("malformed ID: Host." + c.field() + " carries no uploaded content digest");
        }
        Digest tree;
        try {
            tree = Digest.parse(pinned);
        } catch (IllegalArgumentException e) {
            throw new ApiException("malformed ID: Host." + c.field() + " carries a bad digest", e);
        }
        Vertex upload = Vertex.of(new LocalUploadOp(tree));
        return switch (c.field()) {
            case "directory" -> new DirectoryObject(c, upload, "");
            case "file" -> {
                String name = c.string(PINNED_NAME);
                if (!name.equals(OpPaths.normalizeOrNull(name)) || name.isEmpty() || name.contains("/")) {
                    throw new ApiException("malformed ID: Host.file carries a bad file name");
                }
                yield new FileObject(c, upload, name);
            }
            default -> throw unknown("Host", c);
        };
    }

    /** The normal form of path argument {@code arg}; a path climbing out of the root is an error naming it. */
    static String path(CallId c, String arg) throws ApiException {
        String raw = c.string(arg);
        String p = OpPaths.normalizeOrNull(raw);
        if (p == null) {
            throw new ApiException(c.field() + ": path \"" + raw + "\" climbs out of the directory");
        }
        return p;
    }

    private static String notRoot(CallId c, String p, String raw) throws ApiException {
        if (p.isEmpty()) {
            throw new ApiException(c.field() + ": path \"" + raw + "\" is the directory itself; give a path inside it");
        }
        return p;
    }

    private static int mode(CallId c, String arg, long v) throws ApiException {
        if (v < 0 || v > 07777) {
            throw new ApiException(c.field() + ": " + arg + " " + v + " is not a file mode (0 to 4095, e.g. 420 for 0644)");
        }
        return (int) v;
    }

    private ApiObject directory(DirectoryObject d, CallId c) throws ApiException {
        Vertex base = d.vertex();
        return switch (c.field()) {
            case "directory" -> {
                String p = path(c, "path");
                yield p.isEmpty() ? new DirectoryObject(c, base, d.name())
                        : new DirectoryObject(c, Vertex.of(new SubdirOp(base, p)), OpPaths.name(p));
            }
            case "file" -> {
                String p = path(c, "path");
                if (p.isEmpty()) {
                    throw new ApiException("file: path \"" + c.string("path") + "\" is a directory, not a file");
                }
                yield new FileObject(c, base, p);
            }
            case "withNewFile" -> {
                String p = notRoot(c, path(c, "path"), c.string("path"));
                int mode = mode(c, "permissions", c.intOr("permissions", 0644));
                yield dir(c, d, new MkFileOp(base, p, c.string("contents"), mode));
            }
            case "withFile" -> {
                String p = notRoot(c, path(c, "path"), c.string("path"));
                FileObject src = (FileObject) load(required(c, "source"), "File", "withFile argument source");
                Long perms = c.optInt("permissions");
                Integer mode = perms == null ? null : mode(c, "permissions", perms);
                yield dir(c, d, new CopyOp(base, p, src.vertex(), src.path(), List.of(), List.of(), mode));
            }
            case "withDirectory" -> {
                String p = path(c, "path");
                DirectoryObject src = (DirectoryObject) load(required(c, "source"), "Directory",
                        "withDirectory argument source");
                yield dir(c, d, new CopyOp(base, p, src.vertex(), "", c.strings("include"), c.strings("exclude"), null));
            }
            case "withNewDirectory" -> {
                String p = path(c, "path");
                yield dir(c, d, new MkDirOp(base, p, mode(c, "permissions", c.intOr("permissions", 0755))));
            }
            case "withoutFile", "withoutDirectory" -> dir(c, d, new RmOp(base, notRoot(c, path(c, "path"), c.string("path"))));
            case "diff" -> {
                DirectoryObject other = (DirectoryObject) load(required(c, "other"), "Directory", "diff argument other");
                yield dir(c, d, new DiffOp(base, other.vertex()));
            }
            default -> throw unknown("Directory", c);
        };
    }

    /** A directory edited in place keeps its name. */
    private static DirectoryObject dir(CallId c, DirectoryObject d, Op op) {
        return new DirectoryObject(c, Vertex.of(op), d.name());
    }

    private static CallId required(CallId c, String arg) throws ApiException {
        CallId id = c.optId(arg);
        if (id == null) {
            throw new ApiException(c.field() + ": missing argument " + arg);
        }
        return id;
    }

    private ApiObject file(FileObject f, CallId c) throws ApiException {
        return switch (c.field()) {
            case "withName" -> {
                String name = c.string("name");
                if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                    throw new ApiException("withName: file name \"" + name + "\" must be a single path segment");
                }
                yield new FileObject(c, Vertex.of(new CopyOp(scratch(), name, f.vertex(), f.path(), List.of(),
                        List.of(), null)), name);
            }
            default -> throw unknown("File", c);
        };
    }

    // ---- Container ----

    private static ContainerObject with(ContainerObject k, CallId c, Vertex rootfs, ImageConfig cfg,
            List<ExecMount> mounts, List<ExecOp.SecretEnv> secretEnv) {
        return new ContainerObject(c, rootfs, cfg, k.platform(), mounts, secretEnv, k.lastExec());
    }

    private static ContainerObject withConfig(ContainerObject k, CallId c, ImageConfig cfg) {
        return with(k, c, k.rootfs(), cfg, k.mounts(), k.secretEnv());
    }

    /**
     * A container path argument in normal form relative to "/" ("" is the root): relative paths resolve against the
     * workdir, as Dagger does.
     */
    static String containerPath(CallId c, String arg, ImageConfig cfg) throws ApiException {
        String raw = c.string(arg);
        return containerPath(c.field(), raw, cfg);
    }

    static String containerPath(String field, String raw, ImageConfig cfg) throws ApiException {
        String abs = raw.startsWith("/") ? raw : (cfg.workingDir().isEmpty() ? "/" : cfg.workingDir()) + "/" + raw;
        String p = OpPaths.normalizeOrNull(abs);
        if (p == null) {
            throw new ApiException(field + ": path \"" + raw + "\" climbs out of the root filesystem");
        }
        return p;
    }

    private static String mountTarget(CallId c, ImageConfig cfg) throws ApiException {
        String p = containerPath(c, "path", cfg);
        if (p.isEmpty()) {
            throw new ApiException(c.field() + ": cannot mount over the root directory \"/\"");
        }
        return "/" + p;
    }

    private static List<ExecMount> replaceMount(List<ExecMount> mounts, ExecMount m) {
        List<ExecMount> out = new ArrayList<>();
        for (ExecMount x : mounts) {
            if (!x.target().equals(m.target())) {
                out.add(x);
            }
        }
        if (m != null) {
            out.add(m);
        }
        return out;
    }

    /** ${NAME} and $NAME expansion against the container's env (unknown names expand to ""). */
    static String expand(String s, ImageConfig cfg) {
        Map<String, String> env = envMap(cfg);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '$' || i + 1 >= s.length()) {
                out.append(ch);
                continue;
            }
            int start;
            int end;
            if (s.charAt(i + 1) == '{') {
                int close = s.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(ch);
                    continue;
                }
                start = i + 2;
                end = close;
                out.append(env.getOrDefault(s.substring(start, end), ""));
                i = close;
                continue;
            }
            start = i + 1;
            end = start;
            while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                end++;
            }
            if (end == start) {
                out.append(ch);
                continue;
            }
            out.append(env.getOrDefault(s.substring(start, end), ""));
            i = end - 1;
        }
        return out.toString();
    }

    static Map<String, String> envMap(ImageConfig cfg) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : cfg.env()) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return env;
    }

    private static List<String> envList(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private ApiObject container(ContainerObject k, CallId c) throws ApiException {
        ImageConfig cfg = k.config();
        return switch (c.field()) {
            case "from" -> {
                String ref = c.optString(PINNED_REF);
                String manifest = c.optString(PINNED_MANIFEST);
                String config = c.optString(PINNED_CONFIG);
                if (ref == null || manifest == null || config == null) {
                    throw new ApiException("malformed ID: Container.from carries no pinned image");
                }
                Digest m;
                try {
                    m = Digest.parse(manifest);
                } catch (IllegalArgumentException e) {
                    throw new ApiException("malformed ID: Container.from carries a bad manifest digest", e);
                }
                yield new ContainerObject(c, Vertex.of(new ImageRootfsOp(ref, k.platform(), m)),
                        ImageConfigCodec.decode(config), k.platform(), k.mounts(), k.secretEnv(), null);
            }
            case "withExec" -> withExec(k, c);
            case "withEnvVariable" -> {
                String name = c.string("name");
                if (name.isEmpty() || name.contains("=")) {
                    throw new ApiException("withEnvVariable: invalid variable name \"" + name + "\"");
                }
                String value = c.boolOr("expand", false) ? expand(c.string("value"), cfg) : c.string("value");
                Map<String, String> env = envMap(cfg);
                env.put(name, value);
                yield withConfig(k, c, cfg.withEnv(envList(env)));
            }
            case "withoutEnvVariable" -> {
                Map<String, String> env = envMap(cfg);
                env.remove(c.string("name"));
                yield withConfig(k, c, cfg.withEnv(envList(env)));
            }
            case "withWorkdir" -> {
                String raw = c.boolOr("expand", false) ? expand(c.string("path"), cfg) : c.string("path");
                yield withConfig(k, c, cfg.withWorkingDir("/" + containerPath(c.field(), raw, cfg)));
            }
            case "withoutWorkdir" -> withConfig(k, c, cfg.withWorkingDir(""));
            case "withUser" -> withConfig(k, c, cfg.withUser(c.string("name")));
            case "withoutUser" -> withConfig(k, c, cfg.withUser(""));
            case "withEntrypoint" -> {
                ImageConfig n = cfg.withEntrypoint(c.strings("args"));
                yield withConfig(k, c, c.boolOr("keepDefaultArgs", false) ? n : n.withCmd(List.of()));
            }
            case "withoutEntrypoint" -> {
                ImageConfig n = cfg.withEntrypoint(List.of());
                yield withConfig(k, c, c.boolOr("keepDefaultArgs", false) ? n : n.withCmd(List.of()));
            }
            case "withDefaultArgs" -> withConfig(k, c, cfg.withCmd(c.strings("args")));
            case "withoutDefaultArgs" -> withConfig(k, c, cfg.withCmd(List.of()));
            case "withLabel" -> {
                Map<String, String> labels = new LinkedHashMap<>(cfg.labels());
                labels.put(c.string("name"), c.string("value"));
                yield withConfig(k, c, cfg.withLabels(labels));
            }
            case "withoutLabel" -> {
                Map<String, String> labels = new LinkedHashMap<>(cfg.labels());
                labels.remove(c.string("name"));
                yield withConfig(k, c, cfg.withLabels(labels));
            }
            case "withMountedDirectory" -> {
                DirectoryObject d = (DirectoryObject) load(required(c, "source"), "Directory",
                        "withMountedDirectory argument source");
                ExecMount m = new ExecMount.Tree(mountTarget(c, cfg), d.vertex(), "", false, owner(c));
                yield with(k, c, k.rootfs(), cfg, replaceMount(k.mounts(), m), k.secretEnv());
            }
            case "withMountedFile" -> {
                FileObject f = (FileObject) load(required(c, "source"), "File", "withMountedFile argument source");
                ExecMount m = new ExecMount.Tree(mountTarget(c, cfg), f.vertex(), f.path(), true, owner(c));
                yield with(k, c, k.rootfs(), cfg, replaceMount(k.mounts(), m), k.secretEnv());
            }
            case "withMountedCache" -> {
                CacheVolumeObject v = (CacheVolumeObject) load(required(c, "cache"), "CacheVolume",
                        "withMountedCache argument cache");
                CallId srcId = c.optId("source");
                Vertex src = srcId == null ? null
                        : ((DirectoryObject) load(srcId, "Directory", "withMountedCache argument source")).vertex();
                String sharing = c.optString("sharing");
                ExecMount m = new ExecMount.Cache(mountTarget(c, cfg),
                        dev.dagj.engine.container.CacheVolumes.id(v.namespace(), v.key()),
                        sharing == null ? "SHARED" : sharing, src, c.optString("owner") == null ? "" : c.optString("owner"));
                yield with(k, c, k.rootfs(), cfg, replaceMount(k.mounts(), m), k.secretEnv());
            }
            case "withMountedTemp" -> {
                long size = c.intOr("size", 0);
                if (size < 0) {
                    throw new ApiException("withMountedTemp: size " + size + " must not be negative");
                }
                ExecMount m = new ExecMount.Tmpfs(mountTarget(c, cfg), size);
                yield with(k, c, k.rootfs(), cfg, replaceMount(k.mounts(), m), k.secretEnv());
            }
            case "withMountedSecret" -> {
                SecretObject x = (SecretObject) load(required(c, "source"), "Secret", "withMountedSecret argument source");
                long mode = c.intOr("mode", 0400);
                ExecMount m = new ExecMount.Secret(mountTarget(c, cfg), x.digest(), mode(c, "mode", mode),
                        c.optString("owner") == null ? "" : c.optString("owner"));
                yield with(k, c, k.rootfs(), cfg, replaceMount(k.mounts(), m), k.secretEnv());
            }
            case "withoutMount" -> {
                String target = mountTarget(c, cfg);
                List<ExecMount> out = new ArrayList<>(k.mounts());
                out.removeIf(m -> m.target().equals(target));
                yield with(k, c, k.rootfs(), cfg, out, k.secretEnv());
            }
            case "withSecretVariable" -> {
                SecretObject x = (SecretObject) load(required(c, "secret"), "Secret", "withSecretVariable argument secret");
                String name = c.string("name");
                List<ExecOp.SecretEnv> out = new ArrayList<>(k.secretEnv());
                out.removeIf(e -> e.name().equals(name));
                out.add(new ExecOp.SecretEnv(name, x.digest()));
                yield with(k, c, k.rootfs(), cfg, k.mounts(), out);
            }
            case "withoutSecretVariable" -> {
                String name = c.string("name");
                List<ExecOp.SecretEnv> out = new ArrayList<>(k.secretEnv());
                out.removeIf(e -> e.name().equals(name));
                yield with(k, c, k.rootfs(), cfg, k.mounts(), out);
            }
            case "withDirectory" -> {
                String p = containerPath(c, "path", cfg);
                DirectoryObject d = (DirectoryObject) load(required(c, "directory"), "Directory",
                        "withDirectory argument directory");
                Vertex tree = Vertex.of(new CopyOp(scratch(), p, d.vertex(), "", c.strings("include"),
                        c.strings("exclude"), null));
                yield layer(k, c, tree, p);
            }
            case "withFile" -> {
                String p = notRoot(c, containerPath(c, "path", cfg), c.string("path"));
                FileObject f = (FileObject) load(required(c, "source"), "File", "withFile argument source");
                Long perms = c.optInt("permissions");
                Vertex tree = Vertex.of(new CopyOp(scratch(), p, f.vertex(), f.path(), List.of(), List.of(),
                        perms == null ? null : mode(c, "permissions", perms)));
                yield layer(k, c, tree, p);
            }
            case "withNewFile" -> {
                String p = notRoot(c, containerPath(c, "path", cfg), c.string("path"));
                int mode = mode(c, "permissions", c.intOr("permissions", 0644));
                yield layer(k, c, Vertex.of(new MkFileOp(scratch(), p, c.string("contents"), mode)), p);
            }
            case "withoutDirectory", "withoutFile" -> {
                String p = notRoot(c, containerPath(c, "path", cfg), c.string("path"));
                yield with(k, c, Vertex.of(new WhiteoutLayerOp(k.rootfs(), p)), cfg, k.mounts(), k.secretEnv());
            }
            case "withRootfs" -> {
                DirectoryObject d = (DirectoryObject) load(required(c, "directory"), "Directory",
                        "withRootfs argument directory");
                yield with(k, c, rootfsOf(d.vertex()), cfg, k.mounts(), k.secretEnv());
            }
            case "rootfs" -> new DirectoryObject(c, Vertex.of(new RootfsTreeOp(k.rootfs(), "")), "");
            case "asTarball" -> new FileObject(c, Vertex.of(new LocalUploadOp(pinnedTree(c))), "image.tar");
            case "import" -> {
                String config = c.optString(PINNED_CONFIG);
                if (config == null) {
                    throw new ApiException("malformed ID: Container.import carries no image config");
                }
                String manifest = c.optString(PINNED_MANIFEST);
                Vertex rootfs;
                if (manifest != null) {
                    try {
                        rootfs = Vertex.of(new ImageRootfsOp("", k.platform(), Digest.parse(manifest)));
                    } catch (IllegalArgumentException e) {
                        throw new ApiException("malformed ID: Container.import carries a bad manifest digest", e);
                    }
                } else { // an ID made before imports kept their layers: one layer of the merged tree
                    rootfs = Vertex.of(new TreeLayerOp(Vertex.of(new EmptyRootfsOp()),
                            Vertex.of(new LocalUploadOp(pinnedTree(c)))));
                }
                yield new ContainerObject(c, rootfs, ImageConfigCodec.decode(config), k.platform(), k.mounts(),
                        k.secretEnv(), null);
            }
            case "directory" -> {
                String p = containerPath(c.field(), c.boolOr("expand", false) ? expand(c.string("path"), cfg)
                        : c.string("path"), cfg);
                ExecMount m = mountAt(k, p);
                if (m instanceof ExecMount.Tree t && !t.file()) {
                    String rel = relativeTo(t.target(), p);
                    yield new DirectoryObject(c, rel.isEmpty() ? t.source() : Vertex.of(new SubdirOp(t.source(), rel)),
                            OpPaths.name(p));
                }
                yield new DirectoryObject(c, Vertex.of(new RootfsTreeOp(k.rootfs(), p)), OpPaths.name(p));
            }
            case "file" -> {
                String p = notRoot(c, containerPath(c.field(), c.boolOr("expand", false)
                        ? expand(c.string("path"), cfg) : c.string("path"), cfg), c.string("path"));
                ExecMount m = mountAt(k, p);
                if (m instanceof ExecMount.Tree t) {
                    if (t.file()) {
                        yield new FileObject(c, t.source(), t.sourcePath());
                    }
                    yield new FileObject(c, t.source(), relativeTo(t.target(), p));
                }
                yield new FileObject(c, Vertex.of(new RootfsTreeOp(k.rootfs(), OpPaths.parent(p))), OpPaths.name(p));
            }
            default -> throw unknown("Container", c);
        };
    }

    /**
     * The root filesystem chain {@code withRootfs(dir)} gives. As in Dagger, the directory becomes the root filesystem
     * with the layers it has: a container's own root filesystem ({@code rootfs}, {@code directory("/")}) is that
     * container's chain, so an image's layers stay as pulled (with their owners) on export and publish. Such a root
     * filesystem changed by directory steps ({@code withNewFile}, {@code withNewDirectory}, {@code withFile},
     * {@code withDirectory}, {@code withoutFile}, {@code withoutDirectory}) is that chain plus, in order, one layer
     * per run of additions (the diff against the directory before them) and one whiteout layer per removal. Any
     * other directory is one layer. Each later change adds one more layer.
     */
    private static Vertex rootfsOf(Vertex dir) {
        List<Vertex> steps = new ArrayList<>(); // top first
        Vertex v = dir;
        while (v.op() instanceof MkFileOp || v.op() instanceof MkDirOp || v.op() instanceof CopyOp
                || v.op() instanceof RmOp) {
            steps.add(v);
            v = v.op().inputs().get(0);
        }
        if (!(v.op() instanceof RootfsTreeOp r && r.path().isEmpty())) {
            return Vertex.of(new TreeLayerOp(Vertex.of(new EmptyRootfsOp()), dir));
        }
        Vertex rootfs = r.rootfs();
        Vertex since = v; // the directory the pending additions are a diff against; the chain shows the same
        Vertex prev = v;
        for (int i = steps.size() - 1; i >= 0; i--) {
            Vertex step = steps.get(i);
            if (step.op() instanceof RmOp rm) {
                if (prev != since) {
                    rootfs = Vertex.of(new TreeLayerOp(rootfs, Vertex.of(new DiffOp(since, prev))));
                }
                rootfs = Vertex.of(new WhiteoutLayerOp(rootfs, rm.path()));
                since = step;
            }
            prev = step;
        }
        if (prev != since) {
            rootfs = Vertex.of(new TreeLayerOp(rootfs, Vertex.of(new DiffOp(since, prev))));
        }
        return rootfs;
    }

    private static Digest pinnedTree(CallId c) throws ApiException {
        String pinned = c.optString(PINNED_DIGEST);
        if (pinned == null) {
            throw new ApiException("malformed ID: Container." + c.field() + " carries no stored content digest");
        }
        try {
            return Digest.parse(pinned);
        } catch (IllegalArgumentException e) {
            throw new ApiException("malformed ID: Container." + c.field() + " carries a bad digest", e);
        }
    }

    /** {@code k} with a layer of {@code tree} whose content lands at container path {@code p}, owned by the owner arg. */
    private static ContainerObject layer(ContainerObject k, CallId c, Vertex tree, String p) throws ApiException {
        return with(k, c, Vertex.of(new TreeLayerOp(k.rootfs(), tree, owner(c), p)), k.config(), k.mounts(),
                k.secretEnv());
    }

    private static String owner(CallId c) throws ApiException {
        String o = c.optString("owner");
        return o == null ? "" : o;
    }

    /** The tree mount whose target is {@code p} or a parent of it (the deepest), or null. */
    private static ExecMount mountAt(ContainerObject k, String p) {
        ExecMount best = null;
        for (ExecMount m : k.mounts()) {
            String t = m.target().substring(1);
            if ((p.equals(t) || p.startsWith(t + "/")) && (best == null || t.length() > best.target().length() - 1)) {
                best = m;
            }
        }
        return best;
    }

    private static String relativeTo(String target, String p) {
        String t = target.substring(1);
        return p.equals(t) ? "" : p.substring(t.length() + 1);
    }

    /** A withExec redirect path as given ("" for none), with {@code $VAR}s expanded when {@code expand} is set. */
    private static String redirectPath(CallId c, String arg, ImageConfig cfg) throws ApiException {
        String p = c.optString(arg);
        if (p == null || p.isEmpty()) {
            return "";
        }
        return c.boolOr("expand", false) ? expand(p, cfg) : p;
    }

    private ContainerObject withExec(ContainerObject k, CallId c) throws ApiException {
        ImageConfig cfg = k.config();
        List<String> args = new ArrayList<>(c.strings("args"));
        if (c.boolOr("expand", false)) {
            args.replaceAll(a -> expand(a, cfg));
        }
        if (args.isEmpty()) {
            args.addAll(cfg.cmd());
        }
        if (c.boolOr("useEntrypoint", false)) {
            args.addAll(0, cfg.entrypoint());
        }
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new ApiException("withExec: no command given: args is empty and the container has no default args");
        }
        String expect = c.optString("expect");
        expect = expect == null ? "SUCCESS" : expect;
        if (!List.of("SUCCESS", "FAILURE", "ANY").contains(expect)) {
            throw new ApiException("withExec: invalid expect \"" + expect + "\" (use SUCCESS, FAILURE or ANY)");
        }
        if (c.boolOr("experimentalPrivilegedNesting", false) || c.boolOr("insecureRootCapabilities", false)) {
            throw new ApiException("withExec: experimentalPrivilegedNesting and insecureRootCapabilities are not"
                    + " supported by this engine");
        }
        String stdin = c.optString("stdin");
        String in = redirectPath(c, "redirectStdin", cfg);
        if (!in.isEmpty() && stdin != null && !stdin.isEmpty()) {
            throw new ApiException("withExec: cannot set redirectStdin \"" + in + "\" when stdin is already set");
        }
        Vertex exec = Vertex.of(new ExecOp(k.rootfs(), k.mounts(), args, cfg.env(), k.secretEnv(), cfg.workingDir(),
                cfg.user(), stdin == null ? "" : stdin, redirectPath(c, "redirectStdout", cfg),
                redirectPath(c, "redirectStderr", cfg), expect, in));
        List<ExecMount> mounts = new ArrayList<>();
        for (ExecMount m : k.mounts()) {
            if (m instanceof ExecMount.Tree t && !t.file()) {
                mounts.add(new ExecMount.Tree(t.target(), Vertex.of(new ExecMountOp(exec, t.target())), "", false,
                        t.owner()));
            } else {
                mounts.add(m);
            }
        }
        return new ContainerObject(c, Vertex.of(new ExecRootfsOp(exec)), cfg, k.platform(), mounts, k.secretEnv(), exec);
    }
}
