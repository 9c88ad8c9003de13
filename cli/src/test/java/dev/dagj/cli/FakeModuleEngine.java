package dev.dagj.cli;

import dev.dagj.engine.Session;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetcherFactories;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A session over a real GraphQL schema (graphql-java, from SDL) that stands in for an engine with a module served:
 * the {@code moduleSource ... asModule { objects serve }} surface the CLI uses, a small core (Container, Directory,
 * File, Host, Secret, CacheVolume) and a module "test" with main object {@code Test}. Queries the CLI builds are
 * validated and executed for real; values come from {@link #values}, keyed by "Type.field", each a function of the
 * field's arguments (default: a canned value per field). Every query is recorded.
 */
final class FakeModuleEngine implements Session {
    static final String SDL = """
            scalar Void
            scalar JSON
            scalar ContainerID
            scalar DirectoryID
            scalar FileID
            scalar SecretID
            scalar CacheVolumeID
            scalar TestID
            scalar SubID
            scalar MinimalFooID

            type Query {
              moduleSource(refString: String!, refPin: String, disableFindUp: Boolean, allowNotExists: Boolean): ModuleSource!
              test(foo: String, bar: Int = 42): Test!
              host: Host!
              container: Container!
              secret(uri: String!): Secret!
              cacheVolume(key: String!): CacheVolume!
            }
            type ModuleSource {
              asModule: Module!
              generatedContextDirectory: Directory!
            }
            type Module {
              name: String!
              objects: [TypeDef!]!
              serve: Void
            }
            type TypeDef { asObject: ObjectTypeDef }
            type ObjectTypeDef { name: String! fields: [FieldTypeDef!]! }
            type FieldTypeDef { name: String! }

            enum Flavor { VANILLA CHOCOLATE }

            "The test module."
            type Test {
              id: TestID!
              "doc for FnA\\nmore about FnA"
              fnA(name: String!, count: Int, ok: Boolean, ratio: Float, tags: [String!], flavor: Flavor): String!
              "doc for FnB"
              fnB: [Int!]!
              fnC: Sub!
              foos: [MinimalFoo!]!
              prim: String!
              ctr(image: ContainerID): Container!
              dir(src: DirectoryID): Directory!
              file(f: FileID!): File!
              secretText(s: SecretID!): String!
              cache(c: CacheVolumeID!): String!
              "takes a module object"
              usesSub(sub: SubID!): String!
              nothing: Void
            }
            type Sub {
              id: SubID!
              "a field\\nsecond line"
              fieldD: String!
              fnE: Int
            }
            type MinimalFoo {
              id: MinimalFooID!
              bar: Int!
              double: Int!
            }
            type Container {
              id: ContainerID!
              from(address: String!): Container!
              sync: ContainerID!
              stdout: String!
              file(path: String!): File!
              export(path: String!): String!
            }
            type Directory {
              id: DirectoryID!
              entries: [String!]!
              export(path: String!, wipe: Boolean = false): String!
              sync: DirectoryID!
            }
            type File {
              id: FileID!
              contents: String!
              size: Int!
              export(path: String!, allowParentDirPath: Boolean): String!
              sync: FileID!
            }
            type Host {
              directory(path: String!): Directory!
              file(path: String!): File!
            }
            type Secret { id: SecretID! }
            type CacheVolume { id: CacheVolumeID! }
            """;

    /** The data fields of the module's objects, as {@code asModule.objects} reports them. */
    static final Map<String, List<String>> MODULE_FIELDS = Map.of("Test", List.of(), "Sub", List.of("fieldD"),
            "MinimalFoo", List.of("bar"));

    @SuppressWarnings("deprecation")
    private static final Coercing<Object, Object> PASS_THROUGH = new Coercing<>() {
        @Override
        public Object serialize(Object o) {
            return o;
        }

        @Override
        public Object parseValue(Object o) {
            return o;
        }

        @Override
        public Object parseLiteral(Object o) {
            return o instanceof graphql.language.StringValue s ? s.getValue() : o;
        }
    };

    final List<String> queries = new ArrayList<>();
    final Map<String, Function<Map<String, Object>, Object>> values = new LinkedHashMap<>();
    private final GraphQL api;

    FakeModuleEngine() {
        TypeDefinitionRegistry registry = new SchemaParser().parse(SDL);
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
        for (String scalar : List.of("Void", "JSON", "ContainerID", "DirectoryID", "FileID", "SecretID",
                "CacheVolumeID", "TestID", "SubID", "MinimalFooID")) {
            wiring.scalar(GraphQLScalarType.newScalar().name(scalar).coercing(PASS_THROUGH).build());
        }
        wiring.codeRegistry(graphql.schema.GraphQLCodeRegistry.newCodeRegistry()
                .defaultDataFetcher(DataFetcherFactories.useDataFetcher(fetcher())));
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(registry, wiring.build());
        api = GraphQL.newGraphQL(schema).build();
        defaults();
    }

    private DataFetcher<Object> fetcher() {
        return env -> {
            String type = ((graphql.schema.GraphQLObjectType) env.getParentType()).getName();
            String key = type + "." + env.getField().getName();
            Function<Map<String, Object>, Object> value = values.get(key);
            if (value != null) {
                Map<String, Object> args = new LinkedHashMap<>(env.getArguments());
                args.put("__source", env.getSource());
                return value.apply(args);
            }
            if (env.getSource() instanceof Map<?, ?> source && source.containsKey(env.getField().getName())) {
                return source.get(env.getField().getName());
            }
            String typeName = graphql.schema.GraphQLTypeUtil.unwrapAll(env.getFieldType()).getName();
            if (graphql.schema.GraphQLTypeUtil.unwrapAll(env.getFieldType()) instanceof graphql.schema.GraphQLObjectType) {
                return graphql.schema.GraphQLTypeUtil.isList(graphql.schema.GraphQLTypeUtil.unwrapNonNull(
                        env.getFieldType())) ? List.of(Map.of(), Map.of()) : Map.of();
            }
            return switch (typeName) {
                case "Int" -> 7;
                case "Boolean" -> true;
                case "Float" -> 1.5;
                case "Void" -> null;
                default -> key.endsWith(".id") || key.endsWith(".sync") ? "id-of-" + type : key + "-value";
            };
        };
    }

    private void defaults() {
        values.put("Module.name", a -> "test");
        values.put("Module.objects", a -> {
            List<Object> out = new ArrayList<>();
            MODULE_FIELDS.forEach((name, fields) -> out.add(Map.of("asObject", Map.of("name", name,
                    "fields", fields.stream().map(f -> Map.of("name", f)).toList()))));
            return out;
        });
        values.put("Test.fnB", a -> List.of(0, 1, 2));
        values.put("Test.foos", a -> List.of(Map.of("n", 0), Map.of("n", 1), Map.of("n", 2)));
        values.put("MinimalFoo.id", a -> "foo-id-" + ((Map<?, ?>) a.get("__source")).get("n"));
        values.put("MinimalFoo.bar", a -> ((Map<?, ?>) a.get("__source")).get("n"));
        values.put("Test.prim", a -> "hello from prim");
    }

    /** The queries sent after the serve and introspection queries. */
    List<String> callQueries() {
        return queries.stream().filter(q -> !q.contains("asModule") && !q.contains("__schema")).toList();
    }

    @Override
    public int port() {
        return 4711;
    }

    @Override
    public String token() {
        return "token";
    }

    @Override
    public Map<String, Object> execute(String query, Map<String, Object> variables, String operationName) {
        queries.add(query);
        ExecutionResult r = api.execute(ExecutionInput.newExecutionInput().query(query)
                .variables(variables == null ? Map.of() : variables).operationName(operationName).build());
        return r.toSpecification();
    }

    @Override
    public void close() {
    }
}
