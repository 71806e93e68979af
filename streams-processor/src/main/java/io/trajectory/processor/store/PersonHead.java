package io.trajectory.processor.store;

import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonState;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the {@code person-heads} store keeps per person, whatever the length of their history: the folded
 * current state (bounded, see {@code PersonFold}), the key of their last stored event (an event whose key
 * sorts after it is in order and folds onto the state), and how many events were stored since the last
 * snapshot.
 */
public record PersonHead(PersonState state, byte[] lastKey, int sinceSnapshot) {

    private static final byte VERSION = 1;

    public byte[] encode() {
        byte[] state = Codecs.personState().encode(this.state);
        ByteBuffer out = ByteBuffer.allocate(1 + ValueFields.size(lastKey) + 4 + state.length);
        out.put(VERSION);
        ValueFields.put(out, lastKey);
        out.putInt(sinceSnapshot).put(state);
        return out.array();
    }

    public static PersonHead decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ValueFields.version(in, VERSION, "person-heads");
        byte[] lastKey = ValueFields.get(in);
        int since = in.getInt();
        PersonState state = Codecs.personState().decode(Arrays.copyOfRange(bytes, in.position(), bytes.length));
        return new PersonHead(state, lastKey, since);
    }
}
