package org.hemareview.train;

import ai.djl.training.tracker.Tracker;

/** Learning rate: linear warm-up over the first 30 % of steps to the peak, then cosine down to ~0. */
final class OneCycle implements Tracker {
    private final float peak;
    private final int total;

    OneCycle(float peak, int totalSteps) {
        this.peak = peak;
        this.total = Math.max(1, totalSteps);
    }

    @Override
    public float getNewValue(int step) {
        int warm = Math.max(1, (int) (0.3 * total));
        if (step < warm) {
            return peak * (0.04f + 0.96f * step / warm);
        }
        double t = Math.min(1.0, (step - warm) / (double) Math.max(1, total - warm));
        return (float) (peak * (0.5 * (1 + Math.cos(Math.PI * t))) + 1e-6);
    }
}
