package dev.dagj.engine.api;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.module.ModuleBuilds;
import dev.dagj.engine.module.TypeDefs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A module whose types are registered and whose functions can be called: its built runtime, its definitions and the
 * GraphQL names it is served under ({@code Query.<lowerCamel(name)>} returns the main object).
 *
 * @param name       the module's name from dagger.json
 * @param source     where it came from
 * @param inputs     what its builds were keyed on
 * @param runtime    the built runtime; null (and {@code inputs} too) for a module with no SDK
 * @param sourceDir  the SDK source directory as a stored tree ({@code currentModule.source})
 * @param def        the registered types, under the names they are served with (namespaced for a dependency)
 * @param installName the name it is served under: its own name, or the name its parent installed it as
 * @param originals  served type name to registered name, for the types a dependency's namespace renamed
 * @param dependencies its dependencies, served (namespaced) in the nested sessions of its function calls
 * @param key        what a call's result depends on besides the call: the runtime and the dependencies' keys
 */
record ServedModule(String name, ModuleSourceState source, ModuleBuilds.Inputs inputs, ModuleBuilds.Runtime runtime,
        Digest sourceDir, TypeDefs.ModuleDef def, String installName, Map<String, String> originals,
        List<ServedModule> dependencies, Digest key) {

    ServedModule {
        originals = Map.copyOf(originals);
        dependencies = List.copyOf(dependencies);
    }

    ServedModule(String name, ModuleSourceState source, ModuleBuilds.Inputs inputs, ModuleBuilds.Runtime runtime,
            Digest sourceDir, TypeDefs.ModuleDef def) {
        this(name, source, inputs, runtime, sourceDir, def, name, Map.of(), List.of(), runtime.key());
    }

    /**
     * This module as a dependency installed as {@code install}: every object and enum it registers is renamed into
     * the install name's namespace ({@code Obj} in {@code foo} becomes {@code FooObj}; a name starting with the
     * module's own PascalCase name gets the install name's instead, so the main object becomes
     * {@code Pascal(install)}), and {@code Query.<lowerCamel(install)>} returns the main object.
     */
    ServedModule installedAs(String install) {
        ModuleNamespace ns = new ModuleNamespace(name, install, def);
        return new ServedModule(name, source, inputs, runtime, sourceDir, ns.rename(def), install, ns.originals(),
                dependencies, key);
    }

    /** This module with the type names its runtime registered (undoing a dependency's namespace). */
    ServedModule asRegistered() {
        if (originals.isEmpty()) {
            return this;
        }
        return new ServedModule(name, source, inputs, runtime, sourceDir, new ModuleNamespace(originals).rename(def),
                name, Map.of(), dependencies, key);
    }

    /** False for a module with no SDK: it has no runtime, types or main object, only dependencies. */
    boolean hasSdk() {
        return runtime != null;
    }

    /** The name the module's runtime registered for served type {@code servedName}. */
    String originalName(String servedName) {
        return originals.getOrDefault(servedName, servedName);
    }

    /** The main object's name as registered (matched case-insensitively against PascalCase(name)). */
    String mainObjectName() {
        String want = ModuleNames.pascal(installName);
        for (TypeDefs.TypeDef t : def.objects()) {
            if (t.object() != null && t.object().name().equalsIgnoreCase(want)) {
                return t.object().name();
            }
        }
        return want;
    }

    TypeDefs.ObjectDef mainObject() {
        return def.object(mainObjectName());
    }

    /** The field of {@code Query} that returns the main object. */
    String queryField() {
        return ModuleNames.lowerCamel(ModuleNames.pascal(installName));
    }

    /** The GraphQL name of a registered object or enum. */
    String graphqlTypeName(String objectName) {
        return objectName;
    }

    boolean definesObject(String objectName) {
        return def.object(objectName) != null;
    }

    boolean definesEnum(String enumName) {
        return def.enumDef(enumName) != null;
    }

    /** The function of {@code objectName} served as GraphQL field {@code field}, or null. */
    TypeDefs.FunctionDef function(String objectName, String field) {
        TypeDefs.ObjectDef o = def.object(objectName);
        if (o == null) {
            return null;
        }
        for (TypeDefs.FunctionDef f : o.functions()) {
            if (ModuleNames.lowerCamel(f.name()).equals(field)) {
                return f;
            }
        }
        return null;
    }

    /** The field of {@code objectName} served as GraphQL field {@code field}, or null. */
    TypeDefs.FieldDef field(String objectName, String field) {
        TypeDefs.ObjectDef o = def.object(objectName);
        if (o == null) {
            return null;
        }
        for (TypeDefs.FieldDef f : o.fields()) {
            if (ModuleNames.lowerCamel(f.name()).equals(field)) {
                return f;
            }
        }
        return null;
    }

    /** Enum member values by GraphQL member name, per enum. */
    Map<String, String> enumValues(String enumName) {
        Map<String, String> out = new HashMap<>();
        TypeDefs.EnumDef e = def.enumDef(enumName);
        if (e != null) {
            for (TypeDefs.EnumMember m : e.members()) {
                out.put(enumMemberName(m), m.value() == null || m.value().isEmpty() ? m.name() : m.value());
            }
        }
        return out;
    }

    static String enumMemberName(TypeDefs.EnumMember m) {
        return m.name();
    }
}
