package dev.foreman.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobRetrierTest {

    @Test
    void theSuccessorOfAnIdIsTheNextOneInPostgresOrder() {
        assertThat(JobRetrier.successor(UUID.fromString("0190f5a2-7c1e-7a3b-8f00-123456789abc")))
                .isEqualTo(UUID.fromString("0190f5a2-7c1e-7a3b-8f00-123456789abd"));
    }

    @Test
    void theSuccessorCarriesIntoTheHighHalf() {
        assertThat(JobRetrier.successor(UUID.fromString("0190f5a2-7c1e-7a3b-ffff-ffffffffffff")))
                .isEqualTo(UUID.fromString("0190f5a2-7c1e-7a3c-0000-000000000000"));
    }

    @Test
    void theSuccessorTreatsBytesAsUnsignedLikePostgres() {
        // Java's UUID.compareTo is signed; Postgres compares bytes unsigned, so 7fff... < 8000....
        assertThat(JobRetrier.successor(UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff")))
                .isEqualTo(UUID.fromString("80000000-0000-0000-0000-000000000000"));
    }

    @Test
    void theLargestIdHasNoSuccessorSoTheLookupIsUnbounded() {
        assertThat(JobRetrier.successor(UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff")))
                .isNull();
    }
}
