package io.trajectory.app.bench;

/**
 * A count of things done in a measured time.
 *
 * @param count the records (or requests) done
 * @param nanos the time it took
 */
record Rate(long count, long nanos) {

    Rate {
        if (count < 0 || nanos <= 0) {
            throw new IllegalArgumentException("a rate needs a count >= 0 and a positive time, not " + count + " in " + nanos + " ns");
        }
    }

    double perSecond() {
        return count * 1e9 / nanos;
    }

    double seconds() {
        return nanos / 1e9;
    }
}
