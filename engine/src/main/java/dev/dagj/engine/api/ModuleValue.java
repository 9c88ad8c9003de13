package dev.dagj.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.module.TypeDefs;
import java.util.List;

/**
 * The values of the module API's object types (see module.graphqls): type-definition builders, the function-call
 * context, module sources, loaded modules and the objects a served module returns. Each knows its GraphQL type name.
 */
sealed interface ModuleValue {
    String typeName();

    record TypeDefVal(TypeDefs.TypeDef def) implements ModuleValue {
        public String typeName() {
            return "TypeDef";
        }
    }

    record ObjectTypeDefVal(TypeDefs.ObjectDef def, boolean iface, String module) implements ModuleValue {
        public String typeName() {
            return iface ? "InterfaceTypeDef" : "ObjectTypeDef";
        }
    }

    record ListTypeDefVal(TypeDefs.TypeDef elem) implements ModuleValue {
        public String typeName() {
            return "ListTypeDef";
        }
    }

    record ScalarTypeDefVal(String name, String description) implements ModuleValue {
        public String typeName() {
            return "ScalarTypeDef";
        }
    }

    record EnumTypeDefVal(TypeDefs.EnumDef def, String module) implements ModuleValue {
        public String typeName() {
            return "EnumTypeDef";
        }
    }

    record EnumValueVal(TypeDefs.EnumMember member) implements ModuleValue {
        public String typeName() {
            return "EnumValueTypeDef";
        }
    }

    record FieldVal(TypeDefs.FieldDef def) implements ModuleValue {
        public String typeName() {
            return "FieldTypeDef";
        }
    }

    record FunctionVal(TypeDefs.FunctionDef def) implements ModuleValue {
        public String typeName() {
            return "Function";
        }
    }

    record FunctionArgVal(TypeDefs.ArgDef def) implements ModuleValue {
        public String typeName() {
            return "FunctionArg";
        }
    }

    record SourceMapVal(TypeDefs.SourceMap map, String module, String url) implements ModuleValue {
        public String typeName() {
            return "SourceMap";
        }
    }

    /**
     * A module: a definition being built by an SDK ({@code source} null), or a module loaded from a source, whose
     * definition is known once its types are registered.
     *
     * @param served true when {@code def} is already the definition as served (a dependency from
     *               {@code currentModule.dependencies}, its types namespaced by install name), so it is not reloaded
     */
    record ModuleVal(TypeDefs.ModuleDef def, ModuleSourceState source, boolean served) implements ModuleValue {
        ModuleVal(TypeDefs.ModuleDef def, ModuleSourceState source) {
            this(def, source, false);
        }

        public String typeName() {
            return "Module";
        }
    }

    record ErrorVal(String message, List<ErrorValueVal> values) implements ModuleValue {
        public ErrorVal {
            values = List.copyOf(values);
        }

        public String typeName() {
            return "Error";
        }
    }

    record ErrorValueVal(String name, String json) implements ModuleValue {
        public String typeName() {
            return "ErrorValue";
        }
    }

    record CurrentModuleVal() implements ModuleValue {
        public String typeName() {
            return "CurrentModule";
        }
    }

    record FunctionCallVal() implements ModuleValue {
        public String typeName() {
            return "FunctionCall";
        }
    }

    record ArgValueVal(String name, String json) implements ModuleValue {
        public String typeName() {
            return "FunctionCallArgValue";
        }
    }

    record SdkConfigVal(String source) implements ModuleValue {
        public String typeName() {
            return "SDKConfig";
        }
    }

    record ModuleSourceVal(ModuleSourceState state) implements ModuleValue {
        public String typeName() {
            return "ModuleSource";
        }
    }

    /**
     * A value of a module interface type: the interface's name as this session serves it, and the object of some
     * (possibly other) module that implements it; calls of the interface's functions run that object's functions.
     */
    record InterfaceVal(String interfaceName, UserObjectVal impl) implements ModuleValue {
        public String typeName() {
            return interfaceName;
        }
    }

    /** An object a served module returned: its type (original name) and its fields, as the SDK serialized them. */
    record UserObjectVal(ServedModule module, String objectName, JsonNode fields) implements ModuleValue {
        public String typeName() {
            return module.graphqlTypeName(objectName);
        }
    }
}
