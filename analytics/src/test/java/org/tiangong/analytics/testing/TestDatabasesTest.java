package org.tiangong.analytics.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestDatabasesTest {

    @Test
    void replacesTheDatabaseNameAndKeepsParameters() {
        assertThat(TestDatabases.withDatabase("jdbc:postgresql://h:5432/postgres?user=x", "t1"))
                .isEqualTo("jdbc:postgresql://h:5432/t1?user=x");
        assertThat(TestDatabases.withDatabase("jdbc:postgresql://h:5432/", "t1"))
                .isEqualTo("jdbc:postgresql://h:5432/t1");
    }
}
