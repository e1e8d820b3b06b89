package dev.orderly.gateway.card;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Looks at every JSON request body before it is bound, and refuses one that holds a card number anywhere with
 * {@code 400 card-number-not-accepted}: one check for every field of every endpoint, before validation, binding
 * errors or a command could repeat, log or store the number. A body that is not JSON is searched as text, since
 * a parser's complaint may quote it.
 */
@ControllerAdvice
class CardNumberBodyAdvice extends RequestBodyAdviceAdapter {

    /**
     * Reads decimals as written: Jackson gives a string field a number's text, so {@code 6011000000000000001.0} is
     * stored as sent, while as a double its 19 digits would be another number's and the check would miss them.
     */
    private final ObjectReader json;

    CardNumberBodyAdvice(ObjectMapper json) {
        this.json = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJackson2HttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = input.getBody().readAllBytes();
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException notJson) {
            if (CardNumbers.foundIn(new String(body, StandardCharsets.UTF_8))) {
                throw CardNumbers.refusal("");
            }
            return replay(input.getHeaders(), body);
        }
        if (tree != null) {
            CardNumbers.locate(tree).ifPresent(where -> {
                throw CardNumbers.refusal(where);
            });
        }
        return replay(input.getHeaders(), body);
    }

    /** The body, read once here, for the converter to read again. */
    private static HttpInputMessage replay(HttpHeaders headers, byte[] body) {
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
