package dev.ganforge.deploy.k8s;

import java.math.BigDecimal;
import java.util.Map;

/** A Kubernetes resource quantity ({@code 500m}, {@code 2}, {@code 768Mi}, {@code 1G}) as a plain number. */
final class Quantity {

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)));

    private Quantity() {
    }

    static BigDecimal parse(String quantity) {
        int end = quantity.length();
        while (end > 0 && Character.isLetter(quantity.charAt(end - 1))) {
            end--;
        }
        String suffix = quantity.substring(end);
        BigDecimal multiplier = suffix.isEmpty() ? BigDecimal.ONE : SUFFIXES.get(suffix);
        if (multiplier == null) {
            throw new IllegalArgumentException("unknown quantity suffix in " + quantity);
        }
        return new BigDecimal(quantity.substring(0, end)).multiply(multiplier);
    }
}
