package dev.foreman.api.jobs;

import dev.foreman.api.WellFormedText;
import java.math.BigDecimal;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Whether Postgres can store a job's payload as jsonb and give it back at about the size it was
 * sent. jsonb refuses the NUL character, and keeps every number as {@code numeric}, which it writes
 * out in full on every read, without an exponent: {@code 1e131000} is 8 bytes in and 131,001 digits
 * out of every read of the job, in the API's answers and in each dispatch to the target. So a number
 * is bounded by its digits written out in full, and the whole payload by its size written out.
 */
final class StorablePayload {
    /**
     * The most digits a payload number may have once written out in full. Covers every double
     * (1.8e308 is 309 digits, 4.9e-324 is 324 after the point) and equals the 1,000 characters
     * the JSON parser allows a number to be written with, so a number is never longer out than that.
     */
    static final int MAX_NUMBER_DIGITS = 1000;

    private static final String NUL = "must not contain the NUL character (\\u0000): it cannot be stored";

    private StorablePayload() {}

    /**
     * Why the payload cannot be stored, or null when it can.
     *
     * @param text the payload as it is sent to Postgres ({@code payload.toString()})
     * @param maxChars how long the payload may be once Postgres writes its numbers out in full
     */
    static String problem(JsonNode payload, String text, long maxChars) {
        Walk walk = new Walk();
        String problem = walk.visit(payload);
        if (problem != null) {
            return problem;
        }
        long writtenOut = text.length() + walk.growth;
        if (writtenOut > maxChars) {
            return "would be " + writtenOut + " characters once its numbers are written out in full, as every read"
                    + " returns them; at most " + maxChars + " (the body size limit). Send large numbers with"
                    + " fewer digits or as strings";
        }
        return null;
    }

    /** Digits of the number written out without an exponent: {@code 1e3} has 4, {@code 0.25} has 3. */
    static long digitsWrittenOut(BigDecimal number) {
        long integerDigits = Math.max((long) number.precision() - number.scale(), 1);
        long fractionDigits = Math.max(number.scale(), 0);
        return integerDigits + fractionDigits;
    }

    /** One pass over the payload: the first problem, and how much longer its numbers get written out. */
    private static final class Walk {
        private long growth;

        String visit(JsonNode node) {
            if (node.isString()) {
                return text(node.asString());
            }
            if (node.isNumber()) {
                return number(node);
            }
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    String keyProblem = text(field.getKey());
                    if (keyProblem != null) {
                        return keyProblem;
                    }
                    String problem = visit(field.getValue());
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            if (node.isArray()) {
                for (JsonNode element : node) {
                    String problem = visit(element);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            return null;
        }

        private static String text(String text) {
            if (text.indexOf(0) >= 0) {
                return NUL;
            }
            return WellFormedText.hasLoneSurrogate(text) ? "must not hold " + WellFormedText.LONE_SURROGATE : null;
        }

        private String number(JsonNode node) {
            if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                return "holds a number out of range; send numbers of at most " + MAX_NUMBER_DIGITS
                        + " digits written out in full";
            }
            if (!node.isBigDecimal() && !node.isBigInteger()) {
                // int, long, double and float write out in a few dozen characters at most.
                return null;
            }
            BigDecimal number = node.decimalValue();
            long digits = digitsWrittenOut(number);
            if (digits > MAX_NUMBER_DIGITS) {
                return "holds a number of " + digits + " digits written out in full (" + abbreviated(number)
                        + "); at most " + MAX_NUMBER_DIGITS + " are allowed, since every read returns the number"
                        + " without its exponent. Send it with a smaller exponent or as a string";
            }
            long sent = number.toString().length();
            long writtenOut = digits + (number.signum() < 0 ? 1 : 0) + (number.scale() > 0 ? 1 : 0);
            growth += Math.max(writtenOut - sent, 0);
            return null;
        }

        private static String abbreviated(BigDecimal number) {
            String text = number.toString();
            return text.length() <= 40 ? text : text.substring(0, 20) + "…" + text.substring(text.length() - 12);
        }
    }
}
