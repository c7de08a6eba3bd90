/**
 * Broker sessions of shared groups' workers that are gone without ending them (a lost node, a forced delete, a drain
 * cut short), and their recovery: the operator keeps a ledger of the client ids that may hold a session, and starts a
 * session-adopter pod (the group's own worker, in adopt mode) for those whose pod is gone.
 */
package io.routemq.operator.sessions;
