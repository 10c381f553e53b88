import { z } from 'zod';

/**
 * Numbers read back from either database: plain columns arrive as numbers, but PostgreSQL hands
 * aggregates (sum, count) back as numeric strings.
 */
export const dbNumber = z.coerce.number();
export const dbNullableNumber = z.union([z.null(), z.coerce.number()]);
