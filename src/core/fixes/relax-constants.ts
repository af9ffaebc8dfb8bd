/** Default relaxation temperature: low enough to stay near 0/1 (one-hot), high enough for usable gradients. */
export const RELAX_TEMPERATURE = 0.5;
