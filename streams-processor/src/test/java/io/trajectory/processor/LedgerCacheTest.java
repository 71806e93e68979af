package io.trajectory.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trajectory.ladder.LadderLoader;
import io.trajectory.processor.fold.Ledger;
import io.trajectory.schemas.Codecs;
import io.trajectory.state.PersonLedger;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class LedgerCacheTest {

    private static PersonLedger ledgerOf(String personId, int events) {
        TestEvents p = new TestEvents(personId);
        PersonLedger ledger = null;
        for (int i = 0; i < events; i++) {
            SpecificRecord e = p.project(personId + "-e" + i, i + 1, false);
            ledger = ((Ledger.Outcome.Accepted) Ledger.accept(ledger, e, Codecs.events().encode(e),
                    LadderLoader.defaultLadder())).ledger();
        }
        return ledger;
    }

    @Test
    void shouldReturnWhatWasPutAndCountHitsAndMisses() {
        LedgerCache cache = new LedgerCache(1_000_000);
        PersonLedger ann = ledgerOf("ann", 2);
        assertThat(cache.get("ann")).isNull();
        cache.put("ann", ann);
        assertThat(cache.get("ann")).isSameAs(ann);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(LedgerCache.weight(ann));
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedToStayWithinItsBytes() {
        PersonLedger ann = ledgerOf("ann", 3);
        PersonLedger bob = ledgerOf("bob", 3);
        PersonLedger cid = ledgerOf("cid", 3);
        long two = LedgerCache.weight(ann) + LedgerCache.weight(bob);
        LedgerCache cache = new LedgerCache(two + LedgerCache.weight(cid) / 2);
        cache.put("ann", ann);
        cache.put("bob", bob);
        assertThat(cache.get("ann")).isSameAs(ann); // ann is now the most recently used
        cache.put("cid", cid);
        assertThat(cache.get("bob")).as("least recently used, evicted").isNull();
        assertThat(cache.get("ann")).isSameAs(ann);
        assertThat(cache.get("cid")).isSameAs(cid);
        assertThat(cache.bytes()).isLessThanOrEqualTo(two + LedgerCache.weight(cid) / 2)
                .isEqualTo(LedgerCache.weight(ann) + LedgerCache.weight(cid));
    }

    @Test
    void shouldReplaceAPersonsLedgerAndKeepTheByteCountRight() {
        LedgerCache cache = new LedgerCache(1_000_000);
        cache.put("ann", ledgerOf("ann", 1));
        PersonLedger longer = ledgerOf("ann", 4);
        cache.put("ann", longer);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(LedgerCache.weight(longer));
        cache.remove("ann");
        assertThat(cache.bytes()).isZero();
        assertThat(cache.get("ann")).isNull();
    }

    @Test
    void shouldNotKeepALedgerLargerThanTheWholeCache() {
        PersonLedger ann = ledgerOf("ann", 5);
        LedgerCache cache = new LedgerCache(LedgerCache.weight(ann) - 1);
        cache.put("ann", ann);
        assertThat(cache.get("ann")).isNull();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void shouldForgetEverythingWhenCleared() {
        LedgerCache cache = new LedgerCache(1_000_000);
        cache.put("ann", ledgerOf("ann", 1));
        cache.put("bob", ledgerOf("bob", 1));
        cache.clear();
        assertThat(cache.get("ann")).isNull();
        assertThat(cache.get("bob")).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void shouldHoldNothingWhenDisabledAndRefuseANegativeSize() {
        LedgerCache cache = new LedgerCache(0);
        cache.put("ann", ledgerOf("ann", 1));
        assertThat(cache.get("ann")).isNull();
        assertThatThrownBy(() -> new LedgerCache(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
