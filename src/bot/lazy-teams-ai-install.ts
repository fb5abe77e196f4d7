/** Imported first by the modules that load teams-ai: defers what JobOps never uses (lazy-teams-ai.ts). */
import { installLazyTeamsAi } from './lazy-teams-ai';

installLazyTeamsAi();
