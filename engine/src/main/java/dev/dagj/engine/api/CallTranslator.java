package dev.dagj.engine.api;

import dev.dagj.engine.api.ApiObject.DirectoryObject;
import dev.dagj.engine.api.ApiObject.FileObject;
import dev.dagj.engine.api.ApiObject.HostObject;
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
 * digest pinned in the ID when the call was first made (argument {@value #PINNED_DIGEST}).
 */
final class CallTranslator {
    /** Hidden argument of {@code Host.directory}/{@code Host.file} steps: the uploaded tree's digest. */
    static final String PINNED_DIGEST = "_digest";
    /** Hidden argument of {@code Host.file} steps: the file's name inside the uploaded tree. */
    static final String PINNED_NAME = "_name";
    /** The module API's steps; null when this API serves none. */
    private final ModuleSteps modules;

    CallTranslator() {
        this(null);
    }

    CallTranslator(ModuleSteps modules) {
        this.modules = modules;
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
        ApiObject out = switch (receiver) {
            case null -> query(call);
            case HostObject h -> host(call);
            case DirectoryObject d -> directory(d, call);
            case FileObject f -> file(f, call);
            case ApiObject.ModuleApiObject m when modules != null -> modules.apply(this, m, call);
            case ApiObject.ModuleApiObject m -> throw unknown(m.typeName(), call);
        };
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
}
