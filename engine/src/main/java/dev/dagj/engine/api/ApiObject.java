package dev.dagj.engine.api;

import dev.dagj.engine.op.Vertex;

/** A value of one of the API's object types, with the ID that made it. */
sealed interface ApiObject permits ApiObject.HostObject, ApiObject.DirectoryObject, ApiObject.FileObject,
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

    /** A value of the module API (type definitions, function calls, module sources, served modules' objects). */
    record ModuleApiObject(CallId id, ModuleValue value) implements ApiObject {
        @Override
        public String typeName() {
            return value.typeName();
        }
    }
}
