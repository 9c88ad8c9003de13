package dev.dagj.engine.api;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.image.ImageConfig;
import dev.dagj.engine.op.ExecMount;
import dev.dagj.engine.op.ExecOp;
import dev.dagj.engine.op.Vertex;
import java.util.List;

/** A value of one of the API's object types, with the ID that made it. */
sealed interface ApiObject permits ApiObject.HostObject, ApiObject.DirectoryObject, ApiObject.FileObject,
        ApiObject.ContainerObject, ApiObject.CacheVolumeObject, ApiObject.SecretObject,
        ApiObject.ModuleApiObject {
    CallId id();

    /** The GraphQL type name of this value. */
    String typeName();

    /** The client's host; its fields read host files when called, never when an ID is replayed. */
    record HostObject(CallId id) implements ApiObject {
        @Override
        public String typeName() {
            return "Host";
        }
    }

    /** A directory: the vertex whose result tree it is; {@code name} is its last path segment ("" for a root). */
    record DirectoryObject(CallId id, Vertex vertex, String name) implements ApiObject {
        @Override
        public String typeName() {
            return "Directory";
        }
    }

    /** A file: the regular file at normal path {@code path} inside the result tree of {@code vertex}. */
    record FileObject(CallId id, Vertex vertex, String path) implements ApiObject {
        @Override
        public String typeName() {
            return "File";
        }
    }

    /**
     * A container: its root filesystem chain vertex, image config (a pure value, not an op), platform, mounts (by
     * target, in the order made), secret variables, and the last exec (null before any withExec) whose output the
     * stdout/stderr/exitCode leaves read.
     */
    record ContainerObject(CallId id, Vertex rootfs, ImageConfig config, String platform, List<ExecMount> mounts,
            List<ExecOp.SecretEnv> secretEnv, Vertex lastExec) implements ApiObject {
        public ContainerObject {
            mounts = List.copyOf(mounts);
            secretEnv = List.copyOf(secretEnv);
        }

        @Override
        public String typeName() {
            return "Container";
        }
    }

    /** A cache volume: {@code namespace} ("mainClient" for top-level clients) and the user's {@code key}. */
    record CacheVolumeObject(CallId id, String namespace, String key) implements ApiObject {
        @Override
        public String typeName() {
            return "CacheVolume";
        }
    }

    /** A secret: its name and the keyed digest of its plaintext (the plaintext lives in the engine's vault only). */
    record SecretObject(CallId id, String name, Digest digest) implements ApiObject {
        @Override
        public String typeName() {
            return "Secret";
        }
    }

    /** A value of the module API (type definitions, function calls, module sources, served modules' objects). */
    record ModuleApiObject(CallId id, ModuleValue value) implements ApiObject {
        @Override
        public String typeName() {
            return value.typeName();
        }
    }
}
