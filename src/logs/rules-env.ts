import { WEIGHTS, type Rule } from './rule-types';

/** The job's software: the image (build and pull), conda and pip, and the Python packages at run time. */

export const IMAGE_BUILD_OR_PULL: Rule = {
  // ACR and Docker Hub pull errors (docker daemon, kubelet), Azure ML environment build codes.
  id: 'image-build-or-pull',
  category: 'image_build_failure',
  weight: WEIGHTS.image,
  pattern:
    /FailedPullingImage|no basic auth credentials|denied: requested access to the resource is denied|toomanyrequests|failed to register layer|Environment build failed|BuildFailed\b|AcrRefreshToken\w*|Unable to retrieve ACR|EnvironmentBuildFailed|Image pull failed|ImagePullFailed|Failed to pull (?:the )?(?:docker )?image|(?:unable|failed) to pull|pull access denied|ErrImagePull|ImagePullBackOff|Back-off pulling image|manifest (?:for .{1,120} )?(?:not found|unknown)|no matching manifest for|repository does not exist or may require|Error response from daemon: (?:Get|Head) https?:|failed to (?:resolve reference|fetch (?:anonymous|oauth) token|do request: Head)|azurecr\.io.{0,200}(?:unauthorized|authentication required|denied)|(?:unauthorized|authentication required|denied).{0,200}azurecr\.io|Docker build failed|COPY failed|base image\b.{0,60}\b(?:not found|does not exist)|Dockerfile parse error|failed to compute cache key|unknown instruction: /i,
};

export const CONDA_ENV_BUILD: Rule = {
  // The conda solver and pip builds run inside the image build on Azure ML (conda env create in the Dockerfile).
  id: 'conda-env-build',
  category: 'image_build_failure',
  weight: WEIGHTS.image - 1,
  pattern:
    /ResolvePackageNotFound|UnsatisfiableError|LibMambaUnsatisfiableError|Could not solve for environment specs|Failed building wheel|Could not build wheels for|Cannot uninstall '|Unable to run conda package manager|An error occurred while installing package|CondaHTTPError|CondaVerificationError|CondaMultiError|InvalidVersionSpec/i,
  headlineFrom: [/(?:\w+\.)*\w*(?:Error|Exception|NotFound)\b.*$/],
};

/**
 * "CondaEnvException: Pip failed" says that pip failed inside conda, not why: pip's own error above it (no matching
 * distribution, a wheel that did not build) is the cause. It still decides the category when it is all there is.
 */
export const PIP_FAILED_IN_CONDA: Rule = {
  id: 'pip-failed-in-conda',
  category: 'image_build_failure',
  weight: WEIGHTS.env - 10,
  pattern: /CondaEnvException: Pip failed|\bPip failed\b/i,
};

export const CONDA_SOLVE_FAILED: Rule = {
  // The solver's "failed" comes before the error that says what it could not solve.
  id: 'conda-solve-failed',
  category: 'missing_module_or_env',
  inBuild: 'image_build_failure',
  weight: WEIGHTS.buildStep,
  pattern: /Solving environment: .{0,30}failed/i,
  // "failed with initial frozen solve. Retrying with flexible solve" and "will retry with next repodata source" are conda retrying, not failing.
  unless: /frozen solve|will retry|retrying/i,
};

export const IMAGE_BUILD_WRAPPER: Rule = {
  // Build wrappers say that a step failed, not why: the cause is the conda/pip/apt line above them.
  id: 'image-build-wrapper',
  category: 'image_build_failure',
  weight: WEIGHTS.buildWrapper,
  wrapper: true,
  pattern:
    /(?:docker |environment |conda )?image build (?:has )?failed|ImageBuildFailure|Failed to build (?:the )?(?:docker |environment )?image|build(?:ing)? (?:the )?(?:docker |environment )?image.{0,60}fail|returned a non-zero code: \d+|executor failed running|failed to solve:|did not complete successfully: exit code|Job environment preparation failed|Failed to prepare an environment|acb_step_\d|Run ID: \w+ failed after/i,
};

export const PACKAGE_NOT_INSTALLED: Rule = {
  // "Cannot mount since azureml-dataprep-rslex is not installed": the missing package is the cause, not the mount.
  id: 'package-not-installed',
  category: 'missing_module_or_env',
  inBuild: 'image_build_failure',
  weight: WEIGHTS.env,
  // The package name is bounded and starts at a name boundary: a long unbroken token must not cost n² tries.
  pattern: /(?<![\w.-])`?[\w.-]{1,100}`? is not installed\b|please (?:pip )?install [\w.-]+/i,
  // Libraries announce optional extras they will do without ("apex is not installed, falling back to …").
  unless: /\b(?:INFO|WARN(?:ING)?)\b|skipping|optional|fall(?:ing)? back|will not be (?:used|available)|won't be (?:used|available)|disabled|debconf/i,
};

export const MISSING_MODULE_OR_ENV: Rule = {
  id: 'missing-module-or-env',
  category: 'missing_module_or_env',
  weight: WEIGHTS.env,
  inBuild: 'image_build_failure',
  pattern:
    /ModuleNotFoundError|\bImportError\b|undefined symbol|version `GLIBC|CUDA driver version is insufficient|requires a different Python|module '[\w.]+' has no attribute|No module named|cannot import name|DLL load failed|cannot open shared object file|Could not load dynamic library|PackagesNotFoundError|PackageNotFoundError|No matching distribution found|Could not find a version that satisfies|ResolutionImpossible|conflicting dependencies|pip subprocess error|CondaEnvException|CondaHTTPError|CondaValueError|ContextualVersionConflict|VersionConflict|DistributionNotFound|Environment (?:creation|setup) failed|\b(?:conda|python3?|pip3?|torchrun|accelerate|deepspeed|mpirun|Rscript): (?:command )?not found|executable file not found in \$PATH|Could not install packages due to an (?:OSError|EnvironmentError)|The conflict is caused by|there is no package called|distribution was not found and is required|The specified module could not be found|Could not load library lib\w+|externally-managed-environment|Invalid requirement: |Could not open requirements file|Found conflicts! Looking for incompatible|Cannot find module '|Could not find conda environment|EnvironmentLocationNotFound|EnvironmentNameNotFound|Numpy is not available/i,
  headlineFrom: [/(?:\w+\.)*\w*(?:Error|Exception|NotFound)\b.*$/, /No module named.*$/, /No matching distribution.*$/],
  // A Python warning ("torchvision/io/image.py:13: UserWarning: Failed to load image Python extension: … cannot open
  // shared object file") is the library going on without an optional part.
  unless: /\b[A-Z]\w*Warning: /,
};

/**
 * Two installed packages (or the driver and the framework) that do not fit together, in the words the libraries
 * use for it: a framework's own "Version mismatch:" between its processes (Ray's cluster and worker), NumPy's ABI
 * checks, protobuf's generated-code check, PyTorch's CUDA build checks, GLIBCXX, and API shapes that changed between
 * versions (PyJWT 2 `algorithms`, marshmallow 3 `unknown`, an Azure ML SDK object that lost a method).
 */
export const VERSION_INCOMPATIBLE: Rule = {
  id: 'version-incompatible',
  category: 'missing_module_or_env',
  inBuild: 'image_build_failure',
  weight: WEIGHTS.env,
  pattern:
    /\bVersion mismatch: |numpy\.(?:dtype|ndarray) size changed|but source was compiled with|mismatches the version that was used to compile|compiled with different CUDA versions|compiled (?:against|using) (?:API version|NumPy \d)|numpy\.core\.multiarray failed to import|cannot be run in NumPy \d|Descriptors cannot (?:not )?be created directly|version `GLIBCXX_[\d.]+' not found|Torch not compiled with CUDA enabled|no kernel image is available for execution on the device|NVIDIA driver on your system is too old|pass in a value for the "algorithms" argument|Object '(?:EXCLUDE|INCLUDE|RAISE)' is not a valid value for the 'unknown' parameter|'(?:Run|_OfflineRun|_SubmittedRun|PipelineRun|StepRun|Workspace|Experiment|Datastore|Dataset|TabularDataset|FileDataset|Model|Environment|MLClient|ScriptRunConfig|PipelineData|OutputFileDatasetConfig|Webservice|ComputeTarget|AmlCompute)' object has no attribute/i,
  headlineFrom: [/(?:\w+\.)*\w*(?:Error|Exception)\b.*$/],
};

export const BUILD_STEP_ERROR: Rule = {
  id: 'build-step-error',
  category: 'image_build_failure',
  weight: WEIGHTS.buildStep,
  onlyInBuild: true,
  // Every apt and pip run in a Dockerfile prints these, failing or not.
  unless: /dpkg-preconfigure|debconf|pip's dependency resolver does not currently/i,
  pattern: /\/bin\/(?:ba)?sh: |^\s*E: |\bERROR: |No such file|cannot open|command not found|Unable to locate package|\bexit code: [1-9]|subprocess-exited-with-error|metadata-generation-failed/i,
};
