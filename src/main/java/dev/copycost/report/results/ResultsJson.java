package dev.copycost.report.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * The JSON mapping of the results. "Unavailable" numbers (NaN) are written as {@code null}, which
 * every JSON reader accepts (a bare NaN is not JSON, and a "NaN" string would turn a number column
 * into text for tools such as pandas or a browser), and {@code null} is read back as NaN, never as 0.
 */
final class ResultsJson {
    private ResultsJson() {
    }

    static ObjectMapper mapper() {
        SimpleModule nan = new SimpleModule("copycost-nan-as-null");
        nan.addSerializer(Double.class, new NonFiniteAsNull());
        nan.addSerializer(double.class, new NonFiniteAsNull());
        nan.addDeserializer(Double.class, new NullAsNaN());
        nan.addDeserializer(double.class, new NullAsNaN());
        return JsonMapper.builder()
                .addModule(nan)
                .enable(SerializationFeature.INDENT_OUTPUT)
                // a newer writer may add fields; an older reader should still read what it knows
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private static final class NonFiniteAsNull extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        NonFiniteAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }

    private static final class NullAsNaN extends StdDeserializer<Double> {
        private static final long serialVersionUID = 1L;

        NullAsNaN() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return p.getDoubleValue();
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = p.getText().trim();
                // tolerate files written by other tools with NaN as a string or an empty cell
                if (text.isEmpty() || text.equalsIgnoreCase("nan")) {
                    return Double.NaN;
                }
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    return (Double) ctxt.handleWeirdStringValue(Double.class, text, "not a number");
                }
            }
            return (Double) ctxt.handleUnexpectedToken(Double.class, p);
        }

        /** Jackson asks this, not {@link #deserialize}, for a JSON null: the place where null becomes NaN. */
        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }
}
