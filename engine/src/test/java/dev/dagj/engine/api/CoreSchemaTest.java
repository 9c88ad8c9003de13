package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.ObjectTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoreSchemaTest {
    @Test
    void theScannedTypeNamesAreExactlyTheParsedOnes() throws Exception {
        CoreSchema core = CoreSchema.parseOnDemand();
        Set<String> scanned = core.typeNames();

        TypeDefinitionRegistry parsed = core.registry(true);
        Set<String> names = new HashSet<>();
        for (TypeDefinition<?> t : parsed.types().values()) {
            names.add(t.getName());
        }
        names.addAll(parsed.scalars().keySet());
        names.removeAll(Set.of("String", "Int", "Float", "Boolean", "ID")); // built in, not defined by the SDL

        assertThat(scanned).isEqualTo(names).contains("Query", "Container", "DirectoryID", "Module", "TypeDefKind");
    }

    @Test
    void aParseOnDemandRunsOnceOnTheFirstRegistryAndGivesFreshCopies() throws Exception {
        CoreSchema core = CoreSchema.parseOnDemand();
        TypeDefinitionRegistry withHost = core.registry(true);
        TypeDefinitionRegistry without = core.registry(false);

        assertThat(fields(withHost)).contains("host", "container");
        assertThat(fields(without)).contains("container").doesNotContain("host");
        assertThat(fields(core.registry(true))).contains("host");
    }

    private static Set<String> fields(TypeDefinitionRegistry r) {
        Set<String> out = new HashSet<>();
        r.getType("Query", ObjectTypeDefinition.class).orElseThrow().getFieldDefinitions()
                .forEach(f -> out.add(f.getName()));
        return out;
    }
}
