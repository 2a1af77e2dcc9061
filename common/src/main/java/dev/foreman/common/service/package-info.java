/** What makes a Spring Boot application a Foreman service: its name and where its settings live. */
package dev.foreman.common.service;
