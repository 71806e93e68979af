package io.trajectory.producer;

import io.trajectory.ladder.LadderLoader;
import io.trajectory.producer.cloudevents.CloudEventMapper;
import io.trajectory.validation.EventValidator;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared test fixtures: a fixed clock, the default ladder's validator, sample files. */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final EventValidator VALIDATOR = new EventValidator(LadderLoader.defaultLadder());

    private Fixtures() {
    }

    public static CloudEventMapper mapper() {
        return new CloudEventMapper(VALIDATOR, CLOCK);
    }

    public static Path sample(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/samples/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource samples/" + name, e);
        }
    }
}
