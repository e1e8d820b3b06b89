package dev.orderly.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** GraphQL over plain HTTP POST to {@code /graphql}, as a user of the default profile or anonymously. */
public final class GraphQlHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestApi api;

    private GraphQlHttp(TestApi api) {
        this.api = api;
    }

    public static GraphQlHttp as(int port, String user) {
        return new GraphQlHttp(TestApi.as(port, user));
    }

    public static GraphQlHttp anonymous(int port) {
        return new GraphQlHttp(TestApi.anonymous(port));
    }

    /** Sends the document with its variables, given as name-value pairs; answers the raw HTTP response. */
    public TestApi.Response send(String document, Object... variables) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            values.put((String) variables[i], variables[i + 1]);
        }
        try {
            return api.post("/graphql", JSON.writeValueAsString(Map.of("query", document, "variables", values)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sends the document and answers its {@code data}, failing on any error. */
    public JsonNode data(String document, Object... variables) {
        TestApi.Response response = send(document, variables);
        if (response.status() != 200 || response.body().has("errors")) {
            throw new AssertionError("GraphQL request failed: " + response.status() + " " + response.body());
        }
        return response.body().get("data");
    }
}
