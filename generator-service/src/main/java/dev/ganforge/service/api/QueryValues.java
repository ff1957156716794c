package dev.ganforge.service.api;

/**
 * Parses numeric query parameters ourselves: JAX-RS answers a badly typed {@code @QueryParam} with 404, which
 * would tell a client its model does not exist when it only mistyped a number.
 */
final class QueryValues {

    private QueryValues() {
    }

    static Integer optionalInt(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("query parameter '" + name + "' must be an integer, is '" + text + "'");
        }
    }

    static Long optionalLong(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("query parameter '" + name + "' must be an integer, is '" + text + "'");
        }
    }

    /** Comma-separated numbers, e.g. {@code c=0.5,-1}; null when absent. */
    static java.util.List<Float> optionalFloats(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        java.util.List<Float> values = new java.util.ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                values.add(Float.valueOf(part.trim()));
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("query parameter '" + name + "' must be comma-separated numbers, is '"
                        + text + "'");
            }
        }
        return values;
    }

    static long requiredLong(String name, String text) {
        Long value = optionalLong(name, text);
        if (value == null) {
            throw ProblemException.badRequest("query parameter '" + name + "' is required");
        }
        return value;
    }
}
