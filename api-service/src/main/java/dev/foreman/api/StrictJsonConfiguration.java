package dev.foreman.api;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Makes request JSON strict. A job carries settings a client cares about (priority, retries,
 * timeouts), so a typo or a value of the wrong type must be an error, never silently dropped or
 * reinterpreted: {@code "priority": 5} is not the string {@code "5"}, and {@code "max_attempts":
 * "3"} is not the number 3. A string or field name that is not well-formed Unicode (a lone
 * surrogate, {@link WellFormedText}) is malformed JSON: it could not be stored.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictRequestJson() {
        return builder -> builder.addModule(wellFormedStrings())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfig(
                        LogicalType.Textual,
                        textual -> textual.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Object, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Array, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Integer,
                        integer -> integer.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Every string and map key read into a request object; payload trees are checked by their reader. */
    private static SimpleModule wellFormedStrings() {
        return new SimpleModule("well-formed-strings")
                .addDeserializer(String.class, new WellFormedStringDeserializer())
                .addKeyDeserializer(String.class, new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String key, DeserializationContext context) {
                        if (WellFormedText.hasLoneSurrogate(key)) {
                            throw new StreamReadException(context.getParser(), WellFormedText.LONE_SURROGATE);
                        }
                        return key;
                    }
                });
    }

    private static final class WellFormedStringDeserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            if (text != null && WellFormedText.hasLoneSurrogate(text)) {
                throw new StreamReadException(parser, WellFormedText.LONE_SURROGATE);
            }
            return text;
        }
    }
}
