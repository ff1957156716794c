package dev.ganforge.service.inference;

/**
 * Points along the way between two latent vectors. Normal latents are walked on the sphere (slerp): a straight
 * line between two Gaussian samples passes through vectors of unusually small norm, which generators render as
 * washed-out samples. Uniform latents live in a cube, so a straight line (lerp) stays typical.
 */
final class LatentPath {

    private LatentPath() {
    }

    /** {@code steps} vectors from {@code from} to {@code to} inclusive, concatenated row-major. */
    static float[] walk(float[] from, float[] to, int steps, boolean spherical) {
        int size = from.length;
        float[] path = new float[steps * size];
        double omega = spherical ? angle(from, to) : 0;
        for (int step = 0; step < steps; step++) {
            double t = steps == 1 ? 0 : (double) step / (steps - 1);
            double wFrom;
            double wTo;
            if (spherical && Math.sin(omega) > 1e-6) {
                wFrom = Math.sin((1 - t) * omega) / Math.sin(omega);
                wTo = Math.sin(t * omega) / Math.sin(omega);
            } else {
                wFrom = 1 - t;
                wTo = t;
            }
            for (int i = 0; i < size; i++) {
                path[step * size + i] = (float) (wFrom * from[i] + wTo * to[i]);
            }
        }
        return path;
    }

    private static double angle(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        double cos = dot / Math.sqrt(normA * normB);
        return Math.acos(Math.max(-1, Math.min(1, cos)));
    }
}
