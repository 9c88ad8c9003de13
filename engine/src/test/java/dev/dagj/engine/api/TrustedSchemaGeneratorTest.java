package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.schema.GraphQLSchema;
import graphql.schema.idl.FastSchemaGenerator;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.SchemaPrinter;
import graphql.schema.idl.TypeDefinitionRegistry;
import org.junit.jupiter.api.Test;

class TrustedSchemaGeneratorTest {
    private static final String SDL = """
            schema { query: Query }
            "Something that has an ID."
            interface Node { id: ID! }
            scalar ThingID
            enum Kind { SMALL BIG @deprecated(reason: "use SMALL") }
            input Size { kind: Kind = SMALL, count: Int! = 1 }
            "A thing."
            type Thing implements Node {
              id: ID!
              "How big."
              size(of: Size, scale: Float = 1.5): [Int!]!
              kind: Kind
              old: String @deprecated
            }
            type Query { thing(id: ThingID!): Thing!, node(id: ID!): Node }
            extend type Query { things(kinds: [Kind!] = [SMALL]): [Thing!]! }
            """;

    @Test
    void theSchemaIsTheOneGraphqlJavasGeneratorMakes() {
        assertThat(TrustedSchemaGenerator.skipsTheTypeCheck())
                .as("graphql-java's generation steps are reachable (a graphql-java upgrade may have moved them)")
                .isTrue();

        GraphQLSchema trusted = TrustedSchemaGenerator.make(registry(), wiring());
        GraphQLSchema checked = new FastSchemaGenerator().makeExecutableSchema(
                SchemaGenerator.Options.defaultOptions().withValidation(false), registry(), wiring());

        SchemaPrinter printer = new SchemaPrinter(SchemaPrinter.Options.defaultOptions().includeDirectives(true));
        assertThat(printer.print(trusted)).isEqualTo(printer.print(checked)).contains("things(kinds: [Kind!] = [SMALL])",
                "scalar ThingID", "BIG @deprecated(reason : \"use SMALL\")");
    }

    @Test
    void theRegistryItIsGivenIsLeftAsItWas() {
        TypeDefinitionRegistry registry = registry();
        int directives = registry.getDirectiveDefinitions().size();
        TrustedSchemaGenerator.make(registry, wiring());
        assertThat(registry.getDirectiveDefinitions()).hasSize(directives);
    }

    private static TypeDefinitionRegistry registry() {
        return new SchemaParser().parse(SDL);
    }

    private static RuntimeWiring wiring() {
        return RuntimeWiring.newRuntimeWiring().scalar(IdScalars.of("ThingID"))
                .type("Node", t -> t.typeResolver(env -> null)).build();
    }
}
