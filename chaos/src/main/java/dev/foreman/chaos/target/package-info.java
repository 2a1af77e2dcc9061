/**
 * The job target of a chaos run: the bench's HTTP/1.1 target server, holding some requests for a
 * while so that attempts are open when faults strike, and recording every request's job, attempt,
 * start and end, from which overlapping attempts and duplicates are found.
 */
package dev.foreman.chaos.target;
