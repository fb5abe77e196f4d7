import { MOUNT_HINT, WEIGHTS, type Rule } from './rule-types';

/** Access rules: datastores and mounts (data_access), then identities, tokens and RBAC (auth_permission). */

export const DATA_ACCESS: Rule = {
  // Azure ML data runtime (rslex, dataprep, data-capability), blobfuse and FUSE, Azure Storage error codes.
  id: 'data-access',
  category: 'data_access',
  weight: WEIGHTS.data,
  // A package of the data runtime that is missing ("No module named 'azureml.dataprep'") is an environment problem.
  unless: /ModuleNotFoundError|No module named|ImportError|cannot import name|DistributionNotFound|distribution was not found|PackageNotFound|which is incompatible|has requirement/i,
  pattern:
    /DataAccessError|StreamAccess|\b(?:rslex|dataprep)\b.{0,200}\b(?:error|exception|fail\w*|denied)|\b(?:error|exception|fail\w*)\b.{0,200}\b(?:rslex|dataprep)\b|DataPath\w*(?:Error|Exception|NotFound)|No (?:files|data) (?:were )?found (?:at|in|under) (?:the )?(?:path|folder|datastore|location)|Failed to (?:download|upload|read|write) (?:the )?(?:input|output|dataset|data|files?|blobs?|artifacts?)\b|StreamError|Found no resources for the input provided|Authentication failed when trying to access (?:the )?(?:stream|destination|source)|Not able to find MLTable|Could not find (?:a |the )?datastore|Signature (?:not valid|did not match)|[Ss]igned expiry time|SAS (?:token )?(?:has )?expired|storage account\b.{0,80}\b(?:firewall|virtual network|private endpoint|not accessible)|Cannot mount (?:the )?dataset|Dataset\w*(?:Execution|Validation)\w*(?:Error|Exception)|Dataset initialization failed|Could not connect to specified database|StorageAuthError|has no attribute 'sas_token'|sas_token\b.{0,60}\b(?:invalid|expired|missing|error)|AZFMountError|BFSMountError|Unable to (?:attach or )?mount|MountVolume\.\w+ failed|DestinationError|PyFuseError|data-capability\.[\w.]*(?:Error|Exception|Fail\w*)|DataPathInaccessible|DatasetMount\w*Error|Mount(?:ing)? (?:failed|error)|failed to mount|mount (?:point )?(?:failed|error)|blobfuse.{0,80}(?:fail|error)|Unable to start blobfuse|Transport endpoint is not connected|fuse: device not found|fusermount\b.{0,80}(?:fail|error|denied)|AuthorizationPermissionMismatch|AuthorizationSourceIPMismatch|AuthorizationFailure|KeyBasedAuthenticationNotPermitted|Key based authentication is not permitted|Public access is not permitted|This request is not authorized to perform this operation|PermissionDenied|BlobNotFound|ContainerNotFound|ShareNotFound|FilesystemNotFound|The specified (?:blob|container|resource|path|share|filesystem) does not exist|(?:datastore|data asset|dataset)\b.{0,120}\b(?:not found|does not exist|could not be (?:found|accessed)|inaccessible|denied)|Server failed to authenticate the request|DataStoreNotFound|DatastoreNotFound|DatasetNotFound|Input path .{0,200}(?:not found|does not exist)|Cannot load any data from the specified path|path is not valid or the files could not be accessed|(?:unable|failed) to access (?:the )?(?:datastore|dataset|data asset|storage account|blob|container|file share)|(?:datastore|data asset|dataset)\b.{0,120}\bnot accessible|Login failed for user|(?:does not have|lacks) (?:the )?(?:required )?(?:permissions?|access|role)\b.{0,80}\b(?:storage account|blob|container|datastore|data ?lake|file share)|(?:Forbidden|\b403\b|AuthenticationFailed).{0,200}\.(?:blob|dfs|file)\.core\.|\.(?:blob|dfs|file)\.core\.\S{0,200}.{0,40}(?:Forbidden|\b403\b)/i,
};

/** A path the job runtime should have substituted ($AZ_..._MOUNT_ROOT) reached the user's process: the runtime failed. */
export const UNEXPANDED_RUNTIME_PATH: Rule = {
  id: 'unexpanded-runtime-path',
  category: 'platform_or_service_error',
  weight: WEIGHTS.data,
  pattern: /No such file or directory|FileNotFoundError|not found|does not exist/i,
  requires: /['"]\$\{?(?:AZ|AZUREML)_[A-Z_]*(?:ROOT|DIR|PATH)\b/,
};

export const DATA_PATH_ERROR: Rule = {
  // File errors count as data access only when they point at a mount or datastore.
  id: 'data-path-error',
  category: 'data_access',
  weight: WEIGHTS.data,
  pattern: /No such file or directory|FileNotFoundError|Permission denied|Read-only file system|Input\/output error|Stale file handle|not found|does not exist/i,
  requires: MOUNT_HINT,
  // From the exception, or from the file error itself past a logger's prefix ("OP_REQUIRES failed at x.cc:157 : ").
  headlineFrom: [/(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception)\b.*$/, /(?:Permission denied|No such file or directory|Read-only file system|Input\/output error|Stale file handle).*$/],
};

export const AUTH_IDENTITY_PERMISSION: Rule = {
  // azure-identity credentials, MSAL/AAD (AADSTS codes, OAuth error codes), ARM RBAC, Key Vault, the v1 SDK's login.
  id: 'auth-identity-permission',
  category: 'auth_permission',
  weight: WEIGHTS.auth,
  // During an image build the one refusing is a registry or a package feed ("unauthorized: authentication required"
  // for a FROM image): the image could not be built, whoever's credential it was.
  inBuild: 'image_build_failure',
  // azure-identity logs its successes at INFO ("DefaultAzureCredential acquired a token from ManagedIdentityCredential").
  // Each credential of a DefaultAzureCredential chain that does not apply is logged at INFO before one succeeds.
  unless: /acquired a token|will use (?:IMDS|App Service|Cloud Shell|Azure Arc|Service Fabric|Azure ML)|get_token succeeded|\bINFO\b.{0,120}Credential/i,
  pattern:
    /ManagedIdentityCredential|AuthenticationError|AuthenticationException|Unable to get (?:an )?access token|failed to (?:get|acquire|obtain|retrieve|refresh) (?:an? )?(?:AAD |access |bearer |ARM )?token|Insufficient privileges|not authorized to access|LinkedAuthorizationFailed|access token expir\w*\b.{0,120}\b(?:earlier|before|past|invalid)|Failed to retrieve a token|\bMSI: |invalid status code '(?:Forbidden|Unauthorized)'|\(Forbidden\)|\bForbidden\b|\bUnauthorized\b|AuthenticationFailed|InvalidOrExpiredToken|DefaultAzureCredential failed|CredentialUnavailableError|ClientAuthenticationError|AuthenticationFailedException|Authentication\w*Error|(?:Msal|Adal)\w*(?:Exception|Error)|AADSTS\d+|\b(?:invalid_grant|invalid_client|unauthorized_client|interaction_required)\b|\b\w+Credential(?:\.get_token)?\b.{0,80}\b(?:failed|unavailable|Unable to)|Invalid secret token header|SecretNotFound|(?:KeyVault|Key Vault|\bvault\b).{0,200}(?:denied|forbidden|not found|unauthori[sz]ed|does not have|permission|fail|error)|(?:denied|forbidden|unauthori[sz]ed|does not have|permission|fail|error).{0,200}(?:KeyVault|Key Vault|\bvault\b)|\bAuthorizationFailed\b|AuthorizationRequestDenied|does not have (?:the )?(?:authorization|permission)|Caller is not authorized|InvalidAuthenticationToken|ExpiredAuthenticationToken|token (?:validation failed|is expired|has expired|expired)|\b(?:401|403)\b.{0,40}(?:Unauthorized|Forbidden)|(?:Unauthorized|Forbidden).{0,40}\b(?:401|403)\b|status(?: code)?:? ?40[13]\b|IdentityNotFound|identity (?:not found|is not configured)|Please run ['"`]?az login|SecretsInjectionError|SubscriptionNotFound|LinkedAccessCheckFailed|does not have (?:the )?(?:required )?(?:access|permissions?|role)\b|token is (?:invalid|not valid)|No subscriptions? (?:were )?found/i,
};
