"""Every fault of a CalDAV exchange as one typed error with one sentence, in English and French.

The sentence names the server by host (never a URL with credentials in it) and says what to do.
Nothing from the HTTP layer is passed on: its exception text may hold request headers. A stale
write (412) is not an error at all but an outcome (transport.Stale): the sync re-fetches and merges.
"""

from __future__ import annotations

from missiontui.core.errors import MissionError
from missiontui.core.i18n import register


class SyncError(MissionError):
    """The exchange with the server failed; the local database was not touched by it."""


class UnsafeUrl(SyncError):
    """A URL we refuse before connecting: plain HTTP to another machine, a password inside it, no host."""


class ServerUnreachable(SyncError):
    pass


class ConnectionDropped(ServerUnreachable):
    """The server closed the connection before its answer was complete."""


class DnsFailure(ServerUnreachable):
    pass


class TlsFailure(SyncError):
    pass


class ServerTimeout(SyncError):
    pass


class AuthenticationFailed(SyncError):
    """401: the user name or the password is wrong."""


class AccessDenied(SyncError):
    """403: logged in, but this user may not do that here."""


class CollectionMissing(SyncError):
    """404 on the collection itself: the URL is wrong, or someone deleted the calendar."""


class ServerFailure(SyncError):
    """5xx: the server is broken or overloaded; try again later."""


class UnexpectedAnswer(SyncError):
    """An answer no CalDAV server should give (not XML, an unknown status...)."""


register({
    "sync.http_remote": ("refusing plain HTTP to {host}: the password would cross the network unencrypted; use "
                         "https:// (or allow HTTP explicitly for a trusted network)",
                         "HTTP non chiffré refusé vers {host} : le mot de passe circulerait en clair ; utilisez "
                         "https:// (ou autorisez HTTP explicitement pour un réseau de confiance)"),
    "sync.password_in_url": ("the server URL holds a password; remove it from the URL (missiontui reads the "
                             "password from the keyring, an environment variable or a file)",
                             "l'adresse du serveur contient un mot de passe ; retirez-le (missiontui lit le mot de "
                             "passe dans le trousseau, une variable d'environnement ou un fichier)"),
    "sync.bad_url": ("'{url}' is not a server URL (expected https://host/path/)",
                     "« {url} » n'est pas l'adresse d'un serveur (attendu : https://hôte/chemin/)"),
    "sync.refused": ("cannot reach {host}: the connection was refused (is the server running, is the port right?)",
                     "impossible de joindre {host} : connexion refusée (le serveur tourne-t-il, le port est-il bon ?)"),
    "sync.unreachable": ("cannot reach {host}: {reason}", "impossible de joindre {host} : {reason}"),
    "sync.dropped": ("{host} closed the connection before its answer was complete; nothing was changed locally, "
                     "run the sync again", "{host} a coupé la connexion avant la fin de sa réponse ; rien n'a été "
                     "modifié localement, relancez la synchronisation"),
    "sync.dns": ("cannot find the server {host} (DNS lookup failed): check the URL and the network",
                 "serveur {host} introuvable (échec de la résolution DNS) : vérifiez l'adresse et le réseau"),
    "sync.tls": ("the secure connection to {host} failed ({reason}): check the URL, or the server's certificate",
                 "la connexion sécurisée à {host} a échoué ({reason}) : vérifiez l'adresse ou le certificat du "
                 "serveur"),
    "sync.timeout": ("{host} did not answer within {seconds} s; try again later",
                     "{host} n'a pas répondu en {seconds} s ; réessayez plus tard"),
    "sync.unauthorized": ("{host} refused the login of '{user}' (401): check the user name and the password",
                          "{host} refuse l'identification de « {user} » (401) : vérifiez l'identifiant et le mot de "
                          "passe"),
    "sync.forbidden": ("{host} does not let '{user}' do this on {path} (403): ask the server's administrator for "
                       "access", "{host} n'autorise pas « {user} » à faire cela sur {path} (403) : demandez l'accès à "
                       "l'administrateur du serveur"),
    "sync.missing": ("there is no calendar at {path} on {host} (404): check the URL, or create the collection",
                     "aucun calendrier à l'adresse {path} sur {host} (404) : vérifiez l'adresse, ou créez la "
                     "collection"),
    "sync.server_error": ("{host} failed with HTTP {status}; try again later",
                          "{host} a échoué (HTTP {status}) ; réessayez plus tard"),
    "sync.unexpected": ("{host} gave an answer a CalDAV server should not give ({reason})",
                        "{host} a donné une réponse inattendue d'un serveur CalDAV ({reason})"),
    "sync.not_calendar": ("{path} on {host} is not a calendar collection", "{path} sur {host} n'est pas un calendrier"),
    "sync.component_refused": ("{host} refused the item: this calendar does not accept {component} items "
                               "(create the collection with missiontui, or allow tasks and journals on it)",
                               "{host} refuse l'élément : ce calendrier n'accepte pas les éléments {component} "
                               "(créez la collection avec missiontui, ou autorisez-y tâches et journaux)"),
})
