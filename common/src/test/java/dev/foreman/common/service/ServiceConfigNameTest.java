package dev.foreman.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ServiceConfigNameTest {

    @ForemanService("sample-service")
    static class SampleApplication {}

    static class PlainApplication {}

    @Test
    void aForemanServiceReadsItsSettingsFromAFileNamedAfterIt() {
        StandardEnvironment environment = new StandardEnvironment();

        new ServiceConfigName().postProcessEnvironment(environment, new SpringApplication(SampleApplication.class));

        assertThat(environment.getProperty("spring.config.name")).isEqualTo("sample-service");
    }

    @Test
    void anExplicitConfigNameStillWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("cli", Map.of("spring.config.name", "mine")));

        new ServiceConfigName().postProcessEnvironment(environment, new SpringApplication(SampleApplication.class));

        assertThat(environment.getProperty("spring.config.name")).isEqualTo("mine");
    }

    @Test
    void otherApplicationsKeepSpringBootsDefault() {
        StandardEnvironment environment = new StandardEnvironment();

        new ServiceConfigName().postProcessEnvironment(environment, new SpringApplication(PlainApplication.class));

        assertThat(environment.getProperty("spring.config.name")).isNull();
    }
}
