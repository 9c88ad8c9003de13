package dev.dagj.engine.api;

import dev.dagj.engine.module.TypeDefs.ArgDef;
import dev.dagj.engine.module.TypeDefs.EnumDef;
import dev.dagj.engine.module.TypeDefs.FieldDef;
import dev.dagj.engine.module.TypeDefs.FunctionDef;
import dev.dagj.engine.module.TypeDefs.ModuleDef;
import dev.dagj.engine.module.TypeDefs.ObjectDef;
import dev.dagj.engine.module.TypeDefs.TypeDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names a dependency's types get in its parent's API, as in Dagger: each object and enum the dependency registers
 * is prefixed with PascalCase(install name); a name that already starts with PascalCase(the dependency's own name)
 * has that prefix swapped for the install name's. References to core types are left alone.
 */
final class ModuleNamespace {
    private final String ownPrefix;
    private final String installPrefix;
    private final Map<String, String> renamed = new HashMap<>();
    private final Map<String, String> originals = new HashMap<>();

    ModuleNamespace(String moduleName, String installName, ModuleDef def) {
        this.ownPrefix = ModuleNames.pascal(moduleName);
        this.installPrefix = ModuleNames.pascal(installName);
        for (TypeDef t : def.objects()) {
            add(t.object().name());
        }
        for (TypeDef t : def.interfaces()) {
            add(t.object().name());
        }
        for (TypeDef t : def.enums()) {
            add(t.enumDef().name());
        }
    }

    /** A namespace with the given renames (served name to registered name restores a dependency's own names). */
    ModuleNamespace(Map<String, String> renames) {
        this.ownPrefix = "";
        this.installPrefix = "";
        this.renamed.putAll(renames);
    }

    private void add(String name) {
        String served = name.startsWith(ownPrefix) ? installPrefix + name.substring(ownPrefix.length())
                : installPrefix + name;
        renamed.put(name, served);
        originals.put(served, name);
    }

    /** Served name to registered name. */
    Map<String, String> originals() {
        return originals;
    }

    String name(String registered) {
        return renamed.getOrDefault(registered, registered);
    }

    ModuleDef rename(ModuleDef def) {
        return new ModuleDef(def.description(), types(def.objects()), types(def.interfaces()), types(def.enums()));
    }

    private List<TypeDef> types(List<TypeDef> in) {
        List<TypeDef> out = new ArrayList<>();
        for (TypeDef t : in) {
            out.add(type(t));
        }
        return out;
    }

    private TypeDef type(TypeDef t) {
        if (t == null) {
            return null;
        }
        return new TypeDef(t.kind(), t.optional(), type(t.elem()), t.name() == null ? null : name(t.name()),
                object(t.object()), enumDef(t.enumDef()), t.description());
    }

    private ObjectDef object(ObjectDef o) {
        if (o == null) {
            return null;
        }
        List<FieldDef> fields = new ArrayList<>();
        for (FieldDef f : o.fields()) {
            fields.add(new FieldDef(f.name(), type(f.type()), f.description(), f.deprecated(), f.sourceMap()));
        }
        List<FunctionDef> functions = new ArrayList<>();
        for (FunctionDef f : o.functions()) {
            functions.add(function(f));
        }
        return new ObjectDef(name(o.name()), o.description(), fields, functions, function(o.constructor()),
                o.deprecated(), o.sourceMap());
    }

    private FunctionDef function(FunctionDef f) {
        if (f == null) {
            return null;
        }
        List<ArgDef> args = new ArrayList<>();
        for (ArgDef a : f.args()) {
            args.add(new ArgDef(a.name(), type(a.type()), a.description(), a.defaultValue(), a.defaultPath(),
                    a.defaultAddress(), a.ignore(), a.deprecated(), a.sourceMap()));
        }
        return new FunctionDef(f.name(), f.description(), type(f.returnType()), args, f.cachePolicy(),
                f.timeToLive(), f.deprecated(), f.sourceMap());
    }

    private EnumDef enumDef(EnumDef e) {
        if (e == null) {
            return null;
        }
        return new EnumDef(name(e.name()), e.description(), e.members(), e.sourceMap());
    }
}
