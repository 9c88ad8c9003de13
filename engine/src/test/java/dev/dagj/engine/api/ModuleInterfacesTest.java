package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.dagj.engine.api.ModuleValue.InterfaceVal;
import dev.dagj.engine.api.ModuleValue.UserObjectVal;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.module.TypeDefs.ArgDef;
import dev.dagj.engine.module.TypeDefs.FieldDef;
import dev.dagj.engine.module.TypeDefs.FunctionDef;
import dev.dagj.engine.module.TypeDefs.Kind;
import dev.dagj.engine.module.TypeDefs.ModuleDef;
import dev.dagj.engine.module.TypeDefs.ObjectDef;
import dev.dagj.engine.module.TypeDefs.TypeDef;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Module interface types: when an object implements one (and the error naming what it lacks), the SDL a module's
 * interfaces are served with (their own object type, {@code id}, {@code load<Iface>FromID}, and {@code as<Iface>} on
 * the other modules' objects), the names a dependency's interface gets, and the portable ID of an interface value.
 */
class ModuleInterfacesTest {
    private static final TypeDef STRING = TypeDef.EMPTY.withKind(Kind.STRING);
    private static final TypeDef INT = TypeDef.EMPTY.withKind(Kind.INTEGER);

    private static ArgDef arg(String name, TypeDef type) {
        return new ArgDef(name, type, "", null, "", "", List.of(), null, null);
    }

    private static TypeDef iface(String name, FunctionDef... fns) {
        ObjectDef o = ObjectDef.named(name, "a thing with a name", null, null);
        for (FunctionDef f : fns) {
            o = o.withFunction(f);
        }
        return TypeDef.EMPTY.withObject(o, Kind.INTERFACE);
    }

    private static final FunctionDef NAME = FunctionDef.of("Name", STRING);
    private static final FunctionDef GREET = FunctionDef.of("Greet", STRING).withArg(arg("greeting", STRING));

    @Test
    void anObjectWithTheFunctionsImplementsTheInterface() {
        ObjectDef cat = ObjectDef.named("Cat", "", null, null).withFunction(NAME).withFunction(GREET)
                .withFunction(FunctionDef.of("Purr", STRING));
        assertThat(ModuleInterfaces.missing(cat, iface("Named", NAME, GREET).object())).isNull();
        // a field answers a function without arguments
        ObjectDef named = ObjectDef.named("Tag", "", null, null)
                .withField(new FieldDef("name", STRING, "", null, null)).withFunction(GREET);
        assertThat(ModuleInterfaces.missing(named, iface("Named", NAME, GREET).object())).isNull();
        // an extra optional argument does not matter
        ObjectDef loud = ObjectDef.named("Loud", "", null, null).withFunction(NAME).withFunction(GREET
                .withArg(new ArgDef("times", INT, "", "1", "", "", List.of(), null, null)));
        assertThat(ModuleInterfaces.missing(loud, iface("Named", NAME, GREET).object())).isNull();
    }

    @Test
    void whatAnObjectLacksIsNamed() {
        TypeDef named = iface("Named", NAME, GREET);
        ObjectDef rock = ObjectDef.named("Rock", "", null, null).withFunction(NAME);
        assertThat(ModuleInterfaces.missing(rock, named.object()))
                .isEqualTo("has no function greet(greeting: String!): String!");
        ObjectDef counter = ObjectDef.named("Counter", "", null, null).withFunction(FunctionDef.of("Name", INT))
                .withFunction(GREET);
        assertThat(ModuleInterfaces.missing(counter, named.object())).isEqualTo("function name returns Int!, not String!");
        ObjectDef rude = ObjectDef.named("Rude", "", null, null).withFunction(NAME)
                .withFunction(FunctionDef.of("Greet", STRING).withArg(arg("insult", STRING)));
        assertThat(ModuleInterfaces.missing(rude, named.object()))
                .isEqualTo("function greet argument 1 is insult, not greeting (greet(greeting: String!): String!)");
        ObjectDef needy = ObjectDef.named("Needy", "", null, null).withFunction(NAME)
                .withFunction(GREET.withArg(arg("times", INT)));
        assertThat(ModuleInterfaces.missing(needy, named.object())).startsWith("function greet requires argument times");
    }

    @Test
    void asInterfaceChecksTheObjectAndKeepsItBehindTheValue() throws Exception {
        TypeDef named = iface("ShapesNamed", NAME, GREET);
        ServedModule rockModule = served("rock", new ModuleDef("", List.of(TypeDef.EMPTY.withObject(
                ObjectDef.named("Rock", "", null, null).withFunction(NAME), Kind.OBJECT)), List.of(), List.of()));
        UserObjectVal rock = new UserObjectVal(rockModule, "Rock", JsonNodeFactory.instance.objectNode());
        CallId c = new CallId(new CallId(null, "Rock", "rock", List.of()), "ShapesNamed", "asShapesNamed", List.of());
        assertThatThrownBy(() -> ModuleCalls.asInterface(rock, named, c)).isInstanceOf(ApiException.class)
                .hasMessage("Rock does not implement interface ShapesNamed: Rock has no function "
                        + "greet(greeting: String!): String!");

        ServedModule catModule = served("cat", new ModuleDef("", List.of(TypeDef.EMPTY.withObject(
                ObjectDef.named("Cat", "", null, null).withFunction(NAME).withFunction(GREET), Kind.OBJECT)),
                List.of(), List.of()));
        UserObjectVal cat = new UserObjectVal(catModule, "Cat",
                JsonNodeFactory.instance.objectNode().put("Sound", "meow"));
        ApiObject v = ModuleCalls.asInterface(cat, named, c);
        assertThat(v.typeName()).isEqualTo("ShapesNamed");
        assertThat(((ApiObject.ModuleApiObject) v).value()).isEqualTo(new InterfaceVal("ShapesNamed", cat));

        // the portable form names the implementing module by key and install name, and carries the object's state
        CallId portable = ModuleInterfaces.portable("Named", cat);
        assertThat(portable.type()).isEqualTo("Named");
        assertThat(portable.field()).isEqualTo(ModuleInterfaces.VALUE_FIELD);
        assertThat(portable.string("module")).isEqualTo(catModule.key().toString());
        assertThat(portable.string("install")).isEqualTo("cat");
        assertThat(portable.string("fields")).isEqualTo("{\"Sound\":\"meow\"}");
        assertThat(IdCodec.decode(IdCodec.encode(portable))).isEqualTo(portable);
        assertThat(ModuleInterfaces.find(List.of(rockModule, catModule), catModule.key().toString(), "cat"))
                .isSameAs(catModule);
        assertThat(ModuleInterfaces.find(List.of(rockModule, catModule), catModule.key().toString(), "kitty"))
                .isNull();
    }

    @Test
    void interfacesAreServedAsTypesWithIdsAndDependentsNamespaceThem() throws Exception {
        TypeDef named = iface("Named", NAME, GREET);
        ObjectDef main = ObjectDef.named("Shapes", "", null, null).withFunction(FunctionDef.of("Introduce", STRING)
                .withArg(arg("who", TypeDef.EMPTY.withNamed(Kind.INTERFACE, "Named", ""))))
                .withFunction(FunctionDef.of("Same", TypeDef.EMPTY.withNamed(Kind.INTERFACE, "Named", ""))
                        .withArg(arg("who", TypeDef.EMPTY.withNamed(Kind.INTERFACE, "Named", ""))));
        ModuleDef def = new ModuleDef("", List.of(TypeDef.EMPTY.withObject(main, Kind.OBJECT)), List.of(named),
                List.of());
        ServedModule shapes = served("shapes", def);
        Set<String> base = CoreSchema.parseOnDemand().typeNames();

        String own = ModuleSchema.sdl(shapes, base, List.of("OtherThing"));
        assertThat(own).contains("scalar NamedID", "type Named implements Node {\n  id: ID!\n  name: String!\n"
                + "  greet(greeting: String!): String!\n}", "introduce(who: NamedID!): String!",
                "same(who: NamedID!): Named!", "loadNamedFromID(id: NamedID!): Named!",
                "asOtherThing: OtherThing!");
        ObjectTypeDefinition iface = (ObjectTypeDefinition) new SchemaParser().parse(own).getType("Named")
                .orElseThrow();
        assertThat(iface.getDescription().getContent()).isEqualTo("a thing with a name");

        // as a dependency installed as "geo": Named becomes GeoNamed everywhere, and asRegistered undoes it
        ServedModule dep = shapes.installedAs("geo");
        String sdl = ModuleSchema.sdl(dep, base);
        assertThat(sdl).contains("type GeoNamed implements Node", "introduce(who: GeoNamedID!): String!",
                "loadGeoNamedFromID(id: GeoNamedID!): GeoNamed!");
        assertThat(dep.originalName("GeoNamed")).isEqualTo("Named");
        assertThat(dep.asRegistered().def().interfaces().get(0).object().name()).isEqualTo("Named");

        // a function call's session serves only the module's interfaces, under the names its runtime registered
        String only = ModuleSchema.interfacesSdl(dep.asRegistered(), base);
        assertThat(only).contains("type Named implements Node", "loadNamedFromID(id: NamedID!): Named!")
                .doesNotContain("Shapes", "introduce");
        assertThat(ModuleSchema.interfacesSdl(served("plain", new ModuleDef("", List.of(), List.of(), List.of())),
                base)).isEmpty();
    }

    private static ServedModule served(String name, ModuleDef def) {
        return new ServedModule(name, null, null, null, null, def, name, Map.of(), List.of(),
                Digest.of(("module " + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
