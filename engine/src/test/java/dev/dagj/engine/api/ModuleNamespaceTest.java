package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.engine.module.TypeDefs.EnumDef;
import dev.dagj.engine.module.TypeDefs.EnumMember;
import dev.dagj.engine.module.TypeDefs.FieldDef;
import dev.dagj.engine.module.TypeDefs.FunctionDef;
import dev.dagj.engine.module.TypeDefs.Kind;
import dev.dagj.engine.module.TypeDefs.ModuleDef;
import dev.dagj.engine.module.TypeDefs.ObjectDef;
import dev.dagj.engine.module.TypeDefs.TypeDef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dependency's types renamed into its install name's namespace, references included. */
class ModuleNamespaceTest {
    private static TypeDef ref(Kind kind, String name) {
        return TypeDef.EMPTY.withNamed(kind, name, "");
    }

    private static ModuleDef dep() {
        ObjectDef main = ObjectDef.named("Dep", "", null, null)
                .withFunction(FunctionDef.of("Make", ref(Kind.OBJECT, "Obj")))
                .withFunction(FunctionDef.of("Objs", TypeDef.EMPTY.withListOf(ref(Kind.OBJECT, "DepOther"))))
                .withFunction(FunctionDef.of("Ctr", ref(Kind.OBJECT, "Container")));
        ObjectDef obj = ObjectDef.named("Obj", "", null, null)
                .withField(new FieldDef("Level", ref(Kind.ENUM, "Level"), "", null, null));
        ObjectDef other = ObjectDef.named("DepOther", "", null, null);
        EnumDef level = new EnumDef("Level", "", List.of(new EnumMember("HIGH", "high", "", null)), null);
        return ModuleDef.EMPTY.withObject(TypeDef.EMPTY.withObject(main, Kind.OBJECT))
                .withObject(TypeDef.EMPTY.withObject(obj, Kind.OBJECT))
                .withObject(TypeDef.EMPTY.withObject(other, Kind.OBJECT))
                .withEnum(TypeDef.EMPTY.withEnum(level));
    }

    @Test
    void typesArePrefixedWithTheInstallNameAndTheModulesOwnPrefixIsSwapped() {
        ModuleNamespace ns = new ModuleNamespace("dep", "foo", dep());
        ModuleDef renamed = ns.rename(dep());

        assertThat(renamed.objects()).extracting(t -> t.object().name())
                .containsExactly("Foo", "FooObj", "FooOther");
        assertThat(renamed.enums()).extracting(t -> t.enumDef().name()).containsExactly("FooLevel");
        ObjectDef main = renamed.object("Foo");
        assertThat(main.function("Make").returnType().name()).isEqualTo("FooObj");
        assertThat(main.function("Objs").returnType().elem().name()).isEqualTo("FooOther");
        assertThat(main.function("Ctr").returnType().name()).isEqualTo("Container");
        assertThat(renamed.object("FooObj").fields().getFirst().type().name()).isEqualTo("FooLevel");
        assertThat(ns.originals()).containsEntry("Foo", "Dep").containsEntry("FooObj", "Obj")
                .containsEntry("FooOther", "DepOther").containsEntry("FooLevel", "Level");
    }

    @Test
    void installedUnderItsOwnNameOnlyItsOtherTypesGetThePrefix() {
        ModuleDef renamed = new ModuleNamespace("dep", "dep", dep()).rename(dep());

        assertThat(renamed.objects()).extracting(t -> t.object().name())
                .containsExactly("Dep", "DepObj", "DepOther");
    }
}
