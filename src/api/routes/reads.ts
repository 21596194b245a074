import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { NotFoundError } from "../../errors.ts";
import { assertionToJson, parseHex } from "../../model/index.ts";
import type { AppContext } from "../app-context.ts";
import { errorResponses } from "../schemas/common.ts";

export function readRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/v1/assertions/:hash",
      {
        schema: {
          tags: ["reads"],
          summary: "One assertion by its content hash",
          params: Type.Object({ hash: Type.String() }),
          response: { 200: Type.Ref("Assertion"), 404: Type.Ref("ErrorBody"), ...errorResponses },
        },
      },
      async (request) => {
        const hash = parseHex(request.params.hash, "hash", 32);
        const assertion = ctx.db.get(hash);
        if (assertion === undefined) throw new NotFoundError(`No assertion has hash ${hash}`);
        return assertionToJson(assertion);
      },
    );
  };
}
